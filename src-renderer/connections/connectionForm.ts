import { connectionInputSchema, type ConnectionInput } from '../../src-shared/ipc/contract';
import { IpcError } from '../../src-shared/ipc/protocol';

// The Add-connection form checks what is typed with the contract's own schema, so the form
// and main can never disagree about what a valid connection is; main still checks again.

export const connectionFields = ['name', 'host', 'port', 'senderCompID', 'targetCompID', 'heartbeatSeconds', 'tls'] as const;
export type ConnectionField = (typeof connectionFields)[number];

/** The form as typed: text boxes hold text until it is checked. */
export interface ConnectionDraft {
  readonly name: string;
  readonly host: string;
  readonly port: string;
  readonly senderCompID: string;
  readonly targetCompID: string;
  readonly heartbeatSeconds: string;
  readonly tls: boolean;
}

export const blankConnectionDraft: ConnectionDraft = {
  name: '',
  host: '127.0.0.1',
  port: '',
  senderCompID: '',
  targetCompID: '',
  heartbeatSeconds: '30',
  tls: false,
};

export type FieldErrors = Partial<Record<ConnectionField, string>>;

export type DraftCheck = { ok: true; input: ConnectionInput } | { ok: false; errors: FieldErrors };

export function checkConnectionDraft(draft: ConnectionDraft): DraftCheck {
  const candidate = {
    name: draft.name,
    host: draft.host.trim(),
    port: numberFrom(draft.port),
    senderCompID: draft.senderCompID,
    targetCompID: draft.targetCompID,
    heartbeatSeconds: numberFrom(draft.heartbeatSeconds),
    tls: draft.tls,
  };
  const parsed = connectionInputSchema.safeParse(candidate, {
    // Only a text box that is empty or not a number gets here: say so in the trader's words.
    error: (issue) => (issue.code === 'invalid_type' ? (issue.input === undefined ? 'required' : 'a number') : undefined),
  });
  if (parsed.success) return { ok: true, input: parsed.data };
  const errors: FieldErrors = {};
  for (const issue of parsed.error.issues) {
    const field = fieldOf(String(issue.path[0] ?? ''));
    if (field && errors[field] === undefined) errors[field] = issue.message;
  }
  return { ok: false, errors };
}

/** Text to number; empty is `undefined` (required), anything not numeric is NaN (not a number). */
function numberFrom(text: string): number | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  return /^[+-]?(\d+\.?\d*|\.\d+)$/.test(trimmed) ? Number(trimmed) : Number.NaN;
}

function fieldOf(path: string): ConnectionField | undefined {
  return (connectionFields as readonly string[]).includes(path) ? (path as ConnectionField) : undefined;
}

/** Main's refusal, split into what belongs next to a field and what belongs above the form. */
export function errorsFromMain(error: unknown): { fields: FieldErrors; general: string | null } {
  if (!(error instanceof IpcError)) return { fields: {}, general: error instanceof Error ? error.message : String(error) };
  const fields: FieldErrors = {};
  const unplaced: string[] = [];
  for (const issue of error.issues) {
    const field = fieldOf(issue.path);
    if (field && fields[field] === undefined) fields[field] = issue.message;
    else if (!field) unplaced.push(`${issue.path}: ${issue.message}`);
  }
  if (error.issues.length === 0) return { fields, general: error.message };
  return { fields, general: unplaced.length > 0 ? unplaced.join('; ') : null };
}
