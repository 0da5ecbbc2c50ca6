import { useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { useServices } from '../app/services';
import {
  blankConnectionDraft,
  checkConnectionDraft,
  connectionFields,
  errorsFromMain,
  type ConnectionDraft,
  type ConnectionField,
  type FieldErrors,
} from './connectionForm';

type TextField = Exclude<ConnectionField, 'tls'>;

const textFields: readonly { field: TextField; label: string; placeholder: string; numeric?: boolean }[] = [
  { field: 'name', label: 'Name', placeholder: 'e.g. London gateway' },
  { field: 'host', label: 'Host', placeholder: 'host name or IP' },
  { field: 'port', label: 'Port', placeholder: '1–65535', numeric: true },
  { field: 'senderCompID', label: 'SenderCompID', placeholder: 'ours (49)' },
  { field: 'targetCompID', label: 'TargetCompID', placeholder: "the firm's (56)" },
  { field: 'heartbeatSeconds', label: 'Heartbeat (s)', placeholder: '30', numeric: true },
];

/**
 * Adds a connection. Each field is checked as it is typed against the contract's schema; what
 * main refuses comes back next to the field it concerns. The new row appears in the table when
 * main's connection list says so, not before.
 */
export function AddConnectionForm({ onDone }: { onDone: () => void }) {
  const { link } = useServices();
  const formId = useId();
  const [draft, setDraft] = useState<ConnectionDraft>(blankConnectionDraft);
  const [touched, setTouched] = useState<ReadonlySet<ConnectionField>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const [fromMain, setFromMain] = useState<{ fields: FieldErrors; general: string | null }>({ fields: {}, general: null });
  const [sending, setSending] = useState(false);
  const inputs = useRef(new Map<ConnectionField, HTMLInputElement>());

  const check = useMemo(() => checkConnectionDraft(draft), [draft]);
  const errorOf = (field: ConnectionField): string | undefined =>
    fromMain.fields[field] ?? (check.ok || !(submitted || touched.has(field)) ? undefined : check.errors[field]);

  const edit = <F extends ConnectionField>(field: F, value: ConnectionDraft[F]): void => {
    setDraft((current) => ({ ...current, [field]: value }));
    setTouched((current) => new Set(current).add(field));
    setFromMain((current) => ({ fields: { ...current.fields, [field]: undefined }, general: current.general }));
  };

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    setSubmitted(true);
    if (!check.ok) {
      const first = connectionFields.find((field) => check.errors[field] !== undefined);
      if (first) inputs.current.get(first)?.focus();
      return;
    }
    setSending(true);
    setFromMain({ fields: {}, general: null });
    link.client.call('connections.add', check.input).then(
      () => onDone(),
      (error: unknown) => {
        setSending(false);
        setFromMain(errorsFromMain(error));
      },
    );
  };

  return (
    <form className="connection-form" aria-label="Add connection" noValidate onSubmit={submit}>
      {fromMain.general !== null && (
        <p className="connection-form__general" role="alert">
          Main refused: {fromMain.general}
        </p>
      )}
      <div className="connection-form__grid">
        {textFields.map(({ field, label, placeholder, numeric }) => {
          const error = errorOf(field);
          const inputId = `${formId}-${field}`;
          return (
            <div key={field} className="form-field">
              <label htmlFor={inputId}>{label}</label>
              <input
                id={inputId}
                ref={(element) => {
                  if (element) inputs.current.set(field, element);
                  else inputs.current.delete(field);
                }}
                className="text-input"
                value={draft[field]}
                placeholder={placeholder}
                inputMode={numeric ? 'numeric' : undefined}
                autoComplete="off"
                spellCheck={false}
                aria-invalid={error !== undefined}
                aria-describedby={error !== undefined ? `${inputId}-error` : undefined}
                onChange={(event) => edit(field, event.target.value)}
                onBlur={() => setTouched((current) => new Set(current).add(field))}
              />
              <span id={`${inputId}-error`} className="form-field__error">
                {error ?? ''}
              </span>
            </div>
          );
        })}
        <div className="form-field form-field--checkbox">
          <label>
            <input type="checkbox" checked={draft.tls} onChange={(event) => edit('tls', event.target.checked)} /> TLS
          </label>
        </div>
      </div>
      <div className="connection-form__actions">
        <button type="submit" className="button button--primary" disabled={sending}>
          {sending ? 'Adding…' : 'Add'}
        </button>
        <button type="button" className="button button--quiet" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
