import { useId, useMemo, useState, type FormEvent, type KeyboardEvent, type ReactNode } from 'react';
import { useStore } from 'zustand';
import { useServices } from '../app/services';
import {
  checkDraft,
  describeErrors,
  errorsFromMain,
  exchangeDownModes,
  joiningModes,
  settingNames,
  takingModes,
  takingTifs,
  type DefinitionDraft,
  type FieldErrors,
} from './definitionForm';
import { commonTickOf } from './commonTick';
import { FieldError, LegTable, legTouchKey, type LegErrors } from './LegTable';
import { useGatewayInstruments, type GatewayInstruments } from './useGatewayInstruments';

type TopField = 'name' | 'algoId' | 'rebalance.timerMs' | 'tickOverride' | 'connectionId';

/**
 * The Aggregator configuration dialog's editor (SPEC §5, §6): every setting of the seed's table.
 * The form is checked on every change with the contract's schema; a field's reason shows once
 * the trader has touched it (every reason at once for a saved definition), and the reasons not
 * yet shown are listed beside Save, which stays disabled until there are none. A refusal from
 * main is shown as main gave it.
 */
export function DefinitionEditor({ initial, takenNames, onClose }: { initial: DefinitionDraft; takenNames: readonly string[]; onClose: (saved: string | null) => void }) {
  const { link, connections: connectionsStore } = useServices();
  const connections = useStore(connectionsStore, (state) => state.connections);
  const formId = useId();
  const [draft, setDraft] = useState(initial);
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  const [fromMain, setFromMain] = useState<{ fields: FieldErrors; general: string | null }>({ fields: {}, general: null });
  const [sending, setSending] = useState(false);
  const showAll = initial.id !== null;

  const connection = connections.find((c) => c.id === draft.connectionId);
  const loggedOn = (connection?.loggedOnAs ?? null) !== null;
  const instruments = useGatewayInstruments(link.client, draft.connectionId, loggedOn);
  const check = useMemo(() => checkDraft(draft, takenNames), [draft, takenNames]);
  const tick = useMemo(() => commonTickOf(draft), [draft]);

  const shown = (path: string, touchKey: string): string | undefined =>
    fromMain.fields[path] ?? (check.ok || !(showAll || touched.has(touchKey)) ? undefined : check.errors[path]);
  const touch = (key: string): void => setTouched((current) => (current.has(key) ? current : new Set(current).add(key)));
  const change = (next: DefinitionDraft, touchKey?: string): void => {
    setDraft(next);
    if (touchKey !== undefined) touch(touchKey);
    // Main's reasons were for the draft it saw; the local check speaks for this one.
    setFromMain((current) => ({ fields: {}, general: current.general }));
  };
  const legErrors: LegErrors = {
    of: (index, leg, field) => shown(`legs.${index}.${field}`, legTouchKey(leg, field === 'minTick' ? 'contract' : field)),
    touch,
  };

  const save = (event: FormEvent): void => {
    event.preventDefault();
    if (!check.ok || sending) return;
    setSending(true);
    setFromMain({ fields: {}, general: null });
    link.client.call('aggregator.save', check.definition).then(
      (saved) => onClose(saved.name),
      (error: unknown) => {
        setSending(false);
        setFromMain(errorsFromMain(error, draft));
      },
    );
  };

  const escape = (event: KeyboardEvent): void => {
    if (event.key !== 'Escape' || sending) return;
    event.preventDefault();
    onClose(null);
  };

  const textField = (field: TopField, label: string, value: string, set: (value: string) => DefinitionDraft, extra: { placeholder?: string; disabled?: boolean; width?: string } = {}): ReactNode => {
    const inputId = `${formId}-${field}`;
    const error = shown(field, field);
    return (
      <div className="form-field">
        <label htmlFor={inputId}>{label}</label>
        <input
          id={inputId}
          className="text-input"
          style={extra.width === undefined ? undefined : { width: extra.width }}
          value={value}
          placeholder={extra.placeholder}
          disabled={extra.disabled}
          autoComplete="off"
          spellCheck={false}
          autoFocus={field === 'name'}
          aria-invalid={error !== undefined}
          aria-describedby={error !== undefined ? `${inputId}-error` : undefined}
          onChange={(event) => change(set(event.target.value), field)}
          onBlur={() => touch(field)}
        />
        <FieldError id={`${inputId}-error`} error={error} />
      </div>
    );
  };

  const choice = <T extends keyof typeof settingNames>(label: string, value: T, options: readonly T[], set: (value: T) => DefinitionDraft): ReactNode => {
    const inputId = `${formId}-${label.replace(/\W+/g, '-')}`;
    return (
      <div className="form-field">
        <label htmlFor={inputId}>{label}</label>
        <select id={inputId} className="text-input aggregator-editor__select" value={value} onChange={(event) => change(set(event.target.value as T))}>
          {options.map((option) => (
            <option key={option} value={option}>
              {settingNames[option]}
            </option>
          ))}
        </select>
        <span className="form-field__error" />
      </div>
    );
  };

  const gatewayError = shown('connectionId', 'connectionId');
  const pending = check.ok ? [] : describeErrors(check.errors);
  const title = draft.id === null ? 'New aggregated instrument' : `Edit ${initial.name}`;

  return (
    <form className="aggregator-editor" aria-label={title} noValidate onSubmit={save} onKeyDown={escape}>
      <h2 className="aggregator-editor__title">{title}</h2>
      {fromMain.general !== null && (
        <p className="aggregator-editor__refused" role="alert">
          Main refused: {fromMain.general}
        </p>
      )}

      <div className="aggregator-editor__row">
        {textField('name', 'Instrument name', draft.name, (name) => ({ ...draft, name }), { placeholder: 'e.g. Brent ICE/CME', width: '16em' })}
        <div className="form-field">
          <label htmlFor={`${formId}-colour`}>Colour</label>
          <input id={`${formId}-colour`} type="color" className="aggregator-editor__colour" value={draft.colour} onChange={(event) => change({ ...draft, colour: event.target.value })} />
          <span className="form-field__error" />
        </div>
        <div className="form-field">
          <label htmlFor={`${formId}-gateway`}>Gateway</label>
          <select
            id={`${formId}-gateway`}
            className="text-input aggregator-editor__select"
            value={draft.connectionId}
            aria-invalid={gatewayError !== undefined}
            onChange={(event) => change({ ...draft, connectionId: event.target.value }, 'connectionId')}
          >
            {connection === undefined && <option value={draft.connectionId}>{draft.connectionId === '' ? 'Choose a gateway' : `${draft.connectionId} (not configured)`}</option>}
            {connections.map((c) => (
              <option key={c.id} value={c.id}>
                {c.settings.name}
                {c.loggedOnAs === null ? ' (not logged on)' : ` (${c.loggedOnAs})`}
              </option>
            ))}
          </select>
          <FieldError id={`${formId}-gateway-error`} error={gatewayError} />
        </div>
        {textField('algoId', 'Algo ID (FFT3)', draft.algoId, (algoId) => ({ ...draft, algoId }), { placeholder: '0 – 16777215', width: '9em' })}
      </div>

      <fieldset className="aggregator-editor__group">
        <legend>Routing</legend>
        <div className="aggregator-editor__row">
          {choice('Taking', draft.takingMode, takingModes, (takingMode) => ({ ...draft, takingMode }))}
          {choice('TIF', draft.takingTif, takingTifs, (takingTif) => ({ ...draft, takingTif }))}
          {choice('Joining', draft.joiningMode, joiningModes, (joiningMode) => ({ ...draft, joiningMode }))}
          {choice('If exchange down', draft.exchangeDown, exchangeDownModes, (exchangeDown) => ({ ...draft, exchangeDown }))}
          <div className="form-field form-field--checkbox">
            <label>
              <input type="checkbox" checked={draft.rebalanceEnabled} onChange={(event) => change({ ...draft, rebalanceEnabled: event.target.checked })} /> Rebalance
            </label>
            <span className="form-field__error" />
          </div>
          {textField('rebalance.timerMs', 'Timer (ms)', draft.rebalanceTimerMs, (rebalanceTimerMs) => ({ ...draft, rebalanceTimerMs }), { width: '7em' })}
        </div>
      </fieldset>

      <fieldset className="aggregator-editor__group">
        <legend>Tick</legend>
        <div className="aggregator-editor__row">
          <div className="form-field">
            <span className="aggregator-editor__label">Leg ticks</span>
            <span className="mono aggregator-editor__ticks" aria-label="Leg ticks">
              {draft.legs.map((leg, i) => `${leg.alias || `leg ${i + 1}`} ${leg.minTick || '—'}`).join(' · ')}
            </span>
            <span className="form-field__error" />
          </div>
          <div className="form-field">
            <span className="aggregator-editor__label">Common tick</span>
            <span className="mono aggregator-editor__ticks" aria-label="Common tick">
              {tick.kind === 'priced' ? `${tick.computed}${tick.from === null ? '' : ` from ${tick.from}`}` : '—'}
            </span>
            <span className="form-field__error aggregator-editor__tick-note">
              {tick.kind === 'unpriceable' ? tick.reason : tick.kind === 'priced' && tick.betweenRows ? 'some leg prices fall between the override’s rows: shown on the less favourable row' : ''}
            </span>
          </div>
          <div className="form-field form-field--checkbox">
            <label>
              <input type="checkbox" checked={draft.tickOverrideOn} onChange={(event) => change({ ...draft, tickOverrideOn: event.target.checked }, 'tickOverride')} /> Override
            </label>
            <span className="form-field__error" />
          </div>
          {textField('tickOverride', 'Override tick', draft.tickOverride, (tickOverride) => ({ ...draft, tickOverride }), { placeholder: '0.05 or 1/64', disabled: !draft.tickOverrideOn, width: '10em' })}
        </div>
      </fieldset>

      <fieldset className="aggregator-editor__group">
        <legend>Legs</legend>
        <ContractSource instruments={instruments} gateway={connection?.settings.name ?? null} />
        <LegTable draft={draft} instruments={instruments} errors={legErrors} tableError={shown('legs', 'legs')} onChange={change} />
      </fieldset>

      <div className="aggregator-editor__actions">
        <button type="submit" className="button button--primary" disabled={!check.ok || sending}>
          {sending ? 'Saving…' : 'Save'}
        </button>
        <button type="button" className="button button--quiet" disabled={sending} onClick={() => onClose(null)}>
          Cancel
        </button>
        <p className="aggregator-editor__pending" role="status" aria-label="Still to fix">
          {pending.length === 0 ? '' : `To save: ${pending.join(' · ')}`}
        </p>
      </div>
    </form>
  );
}

/** Where the contract picker's list comes from, and why it is empty when it is. */
function ContractSource({ instruments, gateway }: { instruments: GatewayInstruments; gateway: string | null }) {
  if (instruments.kind === 'listed') return null;
  const text =
    instruments.kind === 'no-session'
      ? `Log on to ${gateway ?? 'a gateway'} to choose contracts: the list comes from the gateway.`
      : instruments.kind === 'loading'
        ? 'Loading the gateway’s instruments…'
        : `No instrument list: ${instruments.reason} (asking again).`;
  return (
    <p className={instruments.kind === 'failed' ? 'panel-notice panel-notice--bad' : 'panel-notice'} role="status">
      {text}
    </p>
  );
}
