import { useCallback, useEffect, useId, useRef, useState, type ReactNode } from 'react';
import type { IDockviewPanelProps } from 'dockview-react';
import { useStore } from 'zustand';
import type { StoreApi } from 'zustand/vanilla';
import type { AggregatorDefinition } from '../../src-shared/ipc/contract';
import { Rational, TickSize } from '../../src-shared/pricing';
import { useAggregatorDefinitions } from '../aggregator/useAggregatorDefinitions';
import { useServices } from '../app/services';
import { positionOf } from '../trading/positionsStore';
import { AggregatedLadderController } from './aggregated/AggregatedLadderController';
import { InstrumentPicker, type ChosenInstrument } from './InstrumentPicker';
import { LadderController, type LadderTradingSettings, type LadderUiState } from './LadderController';
import { ladderRequests, takeLadderRequest, type AggregatedChoice } from './ladderRequests';
import { parseQuantity, quantityChoices, readLadderParams, type LadderParams } from './ladderSettings';
import type { LadderTrading } from './LadderTrading';
import { quantityText } from './quantityText';
import './ladder.css';
import './ladderPanel.css';

/** What the panel needs of a ladder outside React: a contract's or an aggregated instrument's. */
interface LadderScreenController {
  readonly ui: StoreApi<LadderUiState>;
  readonly trading: LadderTrading;
  attach(host: HTMLElement): () => void;
  setSettings(settings: LadderTradingSettings): void;
  recentre(): void;
  focus(): void;
}

/**
 * The MD Trader ladder panel (SPEC §5): instrument, active trader and account, position and
 * P&L, quantity, the ladder itself, cancel-all and flatten. The instrument is a contract or an
 * aggregated instrument (SPEC §6, opened from the picker or the Aggregator panel). Its
 * instrument and settings are kept in the saved layout.
 */
export function LadderPanel(props: IDockviewPanelProps) {
  const [params, setParams] = useState<LadderParams>(() => readLadderParams(props.params));
  const latest = useRef(params);
  const { api } = props;
  const update = useCallback(
    (change: Partial<LadderParams>): void => {
      const next = { ...latest.current, ...change };
      latest.current = next;
      setParams(next);
      api.updateParameters(next);
    },
    [api],
  );
  // Open ladder in the Aggregator panel: taken when this panel opens, or at once if it is open.
  useEffect(() => {
    const take = (): void => {
      const aggregated = takeLadderRequest();
      if (aggregated !== null) update({ instrument: null, aggregated });
    };
    take();
    return ladderRequests.subscribe(take);
  }, [update]);
  const { instrument, aggregated } = params;
  const picker = (
    <InstrumentPicker
      current={instrument}
      onChoose={(chosen) => update({ instrument: chosen, aggregated: null })}
      aggregated={aggregated}
      onChooseAggregated={(choice) => update({ instrument: null, aggregated: choice })}
    />
  );

  if (aggregated !== null) return <AggregatedLadder key={aggregated.definitionId} choice={aggregated} params={params} update={update} picker={picker} />;
  if (instrument === null) {
    return (
      <div className="panel ladder-panel">
        <div className="panel-toolbar">
          {picker}
          <TraderBadge />
        </div>
        <p className="panel-notice">Choose an instrument to trade from the ladder.</p>
      </div>
    );
  }
  return <ContractLadder key={`${instrument.connectionId}|${instrument.exchange}|${instrument.symbol}`} instrument={instrument} params={params} update={update} picker={picker} />;
}

interface LadderViewProps {
  readonly params: LadderParams;
  readonly update: (change: Partial<LadderParams>) => void;
  readonly picker: ReactNode;
}

function ContractLadder({ instrument, ...props }: LadderViewProps & { instrument: ChosenInstrument }) {
  const services = useServices();
  const id = useId();
  const [controller] = useState(() => new LadderController(services, instrument, `ladder${id.replace(/[^a-zA-Z0-9]/g, '')}`));
  return <LadderScreen {...props} controller={controller} summary={<PositionBar instrument={instrument} />} canFlatten />;
}

/** An aggregated instrument's ladder, once main's definition of it is known. */
function AggregatedLadder({ choice, ...props }: LadderViewProps & { choice: AggregatedChoice }) {
  const feed = useAggregatorDefinitions();
  const definition = feed.kind === 'live' ? feed.definitions.find((d) => d.id === choice.definitionId) : undefined;
  let notice: string | null = null;
  if (feed.kind === 'waiting') notice = `Waiting for main's definition of ${choice.name}…`;
  else if (feed.kind === 'ended') notice = `No aggregated instruments: ${feed.reason}`;
  else if (!definition) notice = `${choice.name} is no longer an aggregated instrument: choose another.`;
  if (notice !== null || !definition) {
    return (
      <div className="panel ladder-panel">
        <div className="panel-toolbar">
          {props.picker}
          <TraderBadge />
        </div>
        <p className="panel-notice">{notice}</p>
      </div>
    );
  }
  // Saved again (allowed only while nothing works): a new lattice, so a new ladder.
  return <AggregatedDefinitionLadder key={JSON.stringify(definition)} definition={definition} {...props} />;
}

function AggregatedDefinitionLadder({ definition, ...props }: LadderViewProps & { definition: AggregatorDefinition }) {
  const services = useServices();
  const id = useId();
  const [made] = useState(() => {
    try {
      return { controller: new AggregatedLadderController(services, definition, `ladder${id.replace(/[^a-zA-Z0-9]/g, '')}`), problem: null };
    } catch (error) {
      return { controller: null, problem: error instanceof Error ? error.message : String(error) };
    }
  });
  if (made.controller === null) {
    return (
      <div className="panel ladder-panel">
        <div className="panel-toolbar">
          {props.picker}
          <TraderBadge />
        </div>
        <p className="panel-notice panel-notice--bad" role="alert">
          {definition.name} cannot be shown: {made.problem}
        </p>
      </div>
    );
  }
  return <LadderScreen {...props} controller={made.controller} summary={<LegsBar controller={made.controller} />} canFlatten={false} />;
}

function LadderScreen({ controller, params, update, picker, summary, canFlatten }: LadderViewProps & { controller: LadderScreenController; summary: ReactNode; canFlatten: boolean }) {
  const id = useId();
  const host = useRef<HTMLDivElement>(null);
  const [quantityDraft, setQuantityDraft] = useState(() => String(params.defaultQuantity));
  const quantity = parseQuantity(quantityDraft);
  const block = useStore(controller.ui, (state) => state.block);
  const message = useStore(controller.trading.state, (state) => state.message);
  const confirmation = useStore(controller.trading.state, (state) => state.confirmation);

  useEffect(() => controller.attach(host.current!), [controller]);
  useEffect(
    () => controller.setSettings({ quantity, confirmOrders: params.confirmOrders, guardTicks: params.guardTicks, autoCentre: params.autoCentre }),
    [controller, quantity, params.confirmOrders, params.guardTicks, params.autoCentre],
  );

  return (
    <div className="panel ladder-panel" data-blocked={block !== null}>
      <div className="panel-toolbar ladder-toolbar">
        {picker}
        <TraderBadge />
        <button type="button" className="button" aria-keyshortcuts="C" title="Put the market in the middle (C on the ladder)" onClick={() => controller.recentre()}>
          Centre
        </button>
        <label className="ladder-toggle">
          <input type="checkbox" checked={params.autoCentre} onChange={(event) => update({ autoCentre: event.target.checked })} /> Auto-centre
        </label>
        <label className="ladder-toggle">
          <input type="checkbox" checked={params.confirmOrders} onChange={(event) => update({ confirmOrders: event.target.checked })} /> Confirm orders
        </label>
        <GuardTicks value={params.guardTicks} onChange={(guardTicks) => update({ guardTicks })} />
      </div>
      {summary}
      <div className="ladder-quantity" role="group" aria-label="Order quantity">
        <label htmlFor={`${id}-qty`}>Qty</label>
        <input
          id={`${id}-qty`}
          className="text-input ladder-quantity__input"
          value={quantityDraft}
          inputMode="numeric"
          aria-invalid={quantity === null}
          spellCheck={false}
          autoComplete="off"
          onChange={(event) => setQuantityDraft(event.target.value)}
        />
        {quantityChoices(params.defaultQuantity).map((choice) => (
          <button key={choice} type="button" className="button ladder-quantity__choice" aria-pressed={quantity === choice} onClick={() => setQuantityDraft(String(choice))}>
            {quantityText(choice)}
          </button>
        ))}
        <button type="button" className="button button--quiet" onClick={() => setQuantityDraft('')}>
          Clr
        </button>
        <button
          type="button"
          className="button button--quiet"
          title="Make the quantity shown the default"
          disabled={quantity === null || quantity === params.defaultQuantity}
          onClick={() => quantity !== null && update({ defaultQuantity: quantity })}
        >
          Set default
        </button>
      </div>
      {block !== null && (
        <p className="ladder-blocked" role="alert">
          Trading blocked: {block}
        </p>
      )}
      <div ref={host} className="ladder-host" />
      <div className="ladder-footer">
        <button type="button" className="button" onClick={() => controller.trading.cancelAll()}>
          Cancel all
        </button>
        {canFlatten && (
          <button type="button" className="button button--danger" onClick={() => controller.trading.flatten()}>
            Flatten
          </button>
        )}
        <span className={`ladder-message${message?.bad ? ' ladder-message--bad' : ''}`} role="status" title={message?.text}>
          {message?.text ?? ''}
        </span>
      </div>
      {confirmation !== null && (
        <ConfirmDialog
          title={confirmation.title}
          reason={confirmation.reason}
          onConfirm={() => {
            controller.trading.confirm();
            controller.focus();
          }}
          onDismiss={() => {
            controller.trading.dismiss();
            controller.focus();
          }}
        />
      )}
    </div>
  );
}

/** Each leg of an aggregated instrument in its colour: live, or down with main's reason (SPEC §6, exchange down). */
function LegsBar({ controller }: { controller: AggregatedLadderController }) {
  const legs = useStore(controller.book.legs, (state) => state.legs);
  return (
    <ul className="ladder-legs-bar" aria-label="Legs">
      {legs.map((leg) => (
        <li key={`${leg.exchange}|${leg.symbol}`} data-available={leg.available} aria-label={`${leg.alias} ${leg.available ? 'available' : `down: ${leg.reason}`}`} title={`${leg.exchange} ${leg.symbol}`}>
          <span className="ladder-legs-bar__band" style={{ background: leg.colour }} aria-hidden="true" />
          <span className="ladder-legs-bar__alias">{leg.alias}</span> <span className="mono">{leg.symbol}</span>{' '}
          <span className="ladder-legs-bar__state">{leg.available ? 'live' : leg.reason}</span>
        </li>
      ))}
    </ul>
  );
}

/** The active trader and account: always on the ladder, so nobody trades the wrong book. */
function TraderBadge() {
  const { selection } = useServices();
  const { trader, account } = useStore(selection);
  return (
    <span className="trader-badge" aria-label="Active trader and account" data-empty={trader === null}>
      {trader === null ? 'No trader' : `${trader} · ${account === '' ? 'no account' : account}`}
    </span>
  );
}

function PositionBar({ instrument }: { instrument: ChosenInstrument }) {
  const { selection, positions } = useServices();
  const account = useStore(selection, (state) => state.account);
  const position = useStore(positions, (state) => positionOf(state.positions, account, instrument.exchange, instrument.symbol));
  const net = position?.net ?? 0;
  return (
    <dl className="ladder-position" aria-label="Position">
      <div>
        <dt>Net</dt>
        <dd data-side={net > 0 ? 'long' : net < 0 ? 'short' : 'flat'} aria-label="Net position">
          {net > 0 ? `+${quantityText(net)}` : net < 0 ? quantityText(net) : '0'}
        </dd>
      </div>
      <div>
        <dt>Avg</dt>
        <dd aria-label="Average price">{position?.averagePrice == null ? '–' : atTickPlaces(position.averagePrice, instrument.tickSize)}</dd>
      </div>
      <div>
        <dt>Open P&amp;L</dt>
        <dd aria-label="Open P&L" data-sign={sign(position?.openPnl)}>
          {position?.openPnl ?? '–'}
        </dd>
      </div>
      <div>
        <dt>Realized</dt>
        <dd aria-label="Realized P&L" data-sign={sign(position?.realizedPnl)}>
          {position?.realizedPnl ?? '0'}
        </dd>
      </div>
      {position && <dd className="ladder-position__currency">{position.currency}</dd>}
    </dl>
  );
}

/** A decimal from main written with at least the tick's decimal places ("74.7" → "74.70" for a 0.05 tick). */
function atTickPlaces(decimal: string, tickSize: string): string {
  try {
    return Rational.parse(decimal).toDecimalString(TickSize.parse(tickSize).decimals);
  } catch {
    return decimal;
  }
}

function sign(decimal: string | null | undefined): 'up' | 'down' | 'none' {
  if (decimal == null || /^-?0*(\.0*)?$/.test(decimal)) return 'none';
  return decimal.startsWith('-') ? 'down' : 'up';
}

function GuardTicks({ value, onChange }: { value: number; onChange: (ticks: number) => void }) {
  const id = useId();
  const [draft, setDraft] = useState(String(value));
  const parsed = /^\d{1,6}$/.test(draft.trim()) ? Number(draft.trim()) : null;
  return (
    <span className="ladder-guard" title="Orders further than this many ticks from the market ask for confirmation">
      <label htmlFor={id}>Guard</label>
      <input
        id={id}
        className="text-input ladder-guard__input"
        value={draft}
        inputMode="numeric"
        aria-invalid={parsed === null}
        onChange={(event) => setDraft(event.target.value)}
        onBlur={() => {
          if (parsed !== null && parsed !== value) onChange(parsed);
          else setDraft(String(value));
        }}
      />
      <span aria-hidden="true">ticks</span>
    </span>
  );
}

function ConfirmDialog({ title, reason, onConfirm, onDismiss }: { title: string; reason: string | null; onConfirm: () => void; onDismiss: () => void }) {
  const id = useId();
  const confirm = useRef<HTMLButtonElement>(null);
  useEffect(() => confirm.current?.focus(), []);
  return (
    <div className="ladder-confirm__backdrop">
      <div
        className="ladder-confirm"
        role="alertdialog"
        aria-modal="true"
        aria-labelledby={`${id}-title`}
        aria-describedby={reason === null ? undefined : `${id}-reason`}
        onKeyDown={(event) => {
          if (event.key === 'Escape') {
            event.preventDefault();
            onDismiss();
          }
        }}
      >
        <p id={`${id}-title`} className="ladder-confirm__title">
          {title}?
        </p>
        {reason !== null && (
          <p id={`${id}-reason`} className="ladder-confirm__reason">
            {reason}
          </p>
        )}
        <div className="ladder-confirm__actions">
          <button ref={confirm} type="button" className="button button--primary" onClick={onConfirm}>
            Confirm
          </button>
          <button type="button" className="button" onClick={onDismiss}>
            Don&apos;t send
          </button>
        </div>
      </div>
    </div>
  );
}
