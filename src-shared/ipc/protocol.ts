import { z } from 'zod';

// The wire protocol shared by every transport (Electron IPC, WebSocket): a call is answered
// once by `result` or `error`; a subscription streams `event`s until `unsub` or `end`.
// Envelopes are validated here; payloads are validated against the contract by the server.

const requestId = z.number().int().nonnegative();

export const clientMessageSchema = z.discriminatedUnion('t', [
  z.object({ t: z.literal('call'), id: requestId, method: z.string().min(1), payload: z.unknown() }),
  z.object({ t: z.literal('sub'), id: requestId, stream: z.string().min(1), args: z.unknown() }),
  z.object({ t: z.literal('unsub'), id: requestId }),
]);
export type ClientMessage = z.infer<typeof clientMessageSchema>;

export const ipcErrorCodeSchema = z.enum([
  'MalformedMessage', // not an envelope of this protocol
  'UnknownMethod',
  'UnknownStream',
  'InvalidPayload', // the payload does not match the contract; `issues` names the fields
  'Refused', // a valid request the service declined, with the reason in `message`
  'Internal',
]);
export type IpcErrorCode = z.infer<typeof ipcErrorCodeSchema>;

export const ipcIssueSchema = z.object({ path: z.string(), message: z.string() });
export type IpcIssue = z.infer<typeof ipcIssueSchema>;

export const ipcErrorSchema = z.object({
  code: ipcErrorCodeSchema,
  message: z.string(),
  issues: z.array(ipcIssueSchema).optional(),
});
export type IpcErrorBody = z.infer<typeof ipcErrorSchema>;

export const serverMessageSchema = z.discriminatedUnion('t', [
  z.object({ t: z.literal('result'), id: requestId, value: z.unknown() }),
  // id is null when the request was too malformed to carry one.
  z.object({ t: z.literal('error'), id: requestId.nullable(), error: ipcErrorSchema }),
  z.object({ t: z.literal('event'), id: requestId, value: z.unknown() }),
  z.object({ t: z.literal('end'), id: requestId, error: ipcErrorSchema.optional() }),
]);
export type ServerMessage = z.infer<typeof serverMessageSchema>;

/** An error that crossed IPC, with the fields that caused it. */
export class IpcError extends Error {
  readonly code: IpcErrorCode;
  readonly issues: readonly IpcIssue[];

  constructor(body: IpcErrorBody) {
    super(body.message);
    this.name = 'IpcError';
    this.code = body.code;
    this.issues = body.issues ?? [];
  }

  toBody(): IpcErrorBody {
    return this.issues.length > 0
      ? { code: this.code, message: this.message, issues: [...this.issues] }
      : { code: this.code, message: this.message };
  }
}

/** Thrown by a service to decline a valid request with a reason the user can read. */
export function refused(message: string): IpcError {
  return new IpcError({ code: 'Refused', message });
}

export function issuesOf(error: z.ZodError): IpcIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.') || '(root)',
    message: issue.message,
  }));
}

export function describeIssues(issues: readonly IpcIssue[]): string {
  return issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ');
}

/** Text frames (WebSocket) carry JSON; a frame that is not JSON is reported, not thrown. */
export function decodeJsonFrame(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}
