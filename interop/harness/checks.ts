import { events } from './eventLines';
import type { Direction, ProxiedMessage } from './FixFaultProxy';
import type { ExecReport } from './reports';

// What "nothing lost, nothing delivered twice" means, as lists of problems (empty = fine) so
// a failing test says exactly which order or message went wrong.

const SHOWN = 20;

function summarise(problems: string[]): string[] {
  return problems.length <= SHOWN ? problems : [...problems.slice(0, SHOWN), `… and ${problems.length - SHOWN} more`];
}

export function clOrdIDs(prefix: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `${prefix}-${i + 1}`);
}

/** Every order acknowledged once and filled once at its price; no ExecID twice; nothing unknown. */
export function orderOutcomeProblems(reports: readonly ExecReport[], expected: readonly string[], price: string): string[] {
  const problems: string[] = [];
  const byOrder = new Map<string, ExecReport[]>(expected.map((id) => [id, []]));
  const execIDs = new Map<string, number>();
  for (const report of reports) {
    execIDs.set(report.execID, (execIDs.get(report.execID) ?? 0) + 1);
    const list = byOrder.get(report.clOrdID);
    if (list === undefined) problems.push(`report for unknown ClOrdID ${report.clOrdID} (ExecID ${report.execID})`);
    else list.push(report);
  }
  for (const [execID, count] of execIDs) if (count > 1) problems.push(`ExecID ${execID} delivered ${count} times`);
  for (const [id, list] of byOrder) {
    const acks = list.filter((r) => r.execType === '0' && r.ordStatus === '0');
    const fills = list.filter((r) => r.execType === 'F' && r.ordStatus === '2');
    const other = list.length - acks.length - fills.length;
    if (acks.length !== 1 || fills.length !== 1 || other !== 0) {
      problems.push(`${id}: ${acks.length} acks, ${fills.length} fills, ${other} other reports`);
    }
    for (const fill of fills) if (fill.lastPx !== price) problems.push(`${id}: filled at ${fill.lastPx}, limit ${price}`);
  }
  return summarise(problems);
}

/** The QuickFIX executor's application saw each order exactly once, and no re-sent order. */
export function executorOrderProblems(lines: readonly string[], expected: readonly string[]): string[] {
  const problems: string[] = [];
  const seen = new Map<string, number>();
  for (const { fields } of events(lines, 'order')) seen.set(fields.clordid ?? '', (seen.get(fields.clordid ?? '') ?? 0) + 1);
  for (const id of expected) if ((seen.get(id) ?? 0) !== 1) problems.push(`${id} reached the executor ${seen.get(id) ?? 0} times`);
  for (const id of seen.keys()) if (!expected.includes(id)) problems.push(`unexpected order ${id}`);
  for (const { fields } of events(lines, 'duplicate-order')) problems.push(`${fields.clordid} sent again under new MsgSeqNum ${fields.seq}`);
  for (const { fields } of events(lines, 'redelivered-order')) problems.push(`${fields.clordid} re-delivered (PossDup) at MsgSeqNum ${fields.seq}`);
  return summarise(problems);
}

export interface GapReplay {
  readonly dropped: ProxiedMessage | undefined;
  /** The receiver's ResendRequest covering the lost MsgSeqNum. */
  readonly resendRequest: ProxiedMessage | undefined;
  /** The sender's replay: same MsgSeqNum, MsgType and ClOrdID, PossDupFlag=Y. */
  readonly replay: ProxiedMessage | undefined;
}

const opposite = (direction: Direction): Direction => (direction === 'toAcceptor' ? 'toInitiator' : 'toAcceptor');

export function gapReplay(messages: readonly ProxiedMessage[], direction: Direction): GapReplay {
  const droppedAt = messages.findIndex((m) => m.direction === direction && m.dropped);
  const dropped = messages[droppedAt];
  if (dropped === undefined) return { dropped, resendRequest: undefined, replay: undefined };
  const later = messages.slice(droppedAt + 1);
  const resendRequest = later.find((m) => {
    if (m.direction !== opposite(direction) || m.msgType !== '2') return false;
    const begin = Number(m.fields.get(7));
    const end = Number(m.fields.get(16));
    return begin <= dropped.seqNum && (end === 0 || end >= dropped.seqNum);
  });
  const replay = later.find(
    (m) =>
      m.direction === direction && m.seqNum === dropped.seqNum && m.possDup && m.msgType === dropped.msgType &&
      m.fields.get(11) === dropped.fields.get(11),
  );
  return { dropped, resendRequest, replay };
}

/**
 * Sequence numbers never reset (no ResetSeqNumFlag, no SequenceReset-Reset) and each new
 * connection starts above everything sent on the earlier ones; no Reject or BusinessMessageReject.
 */
export function sessionProblems(messages: readonly ProxiedMessage[]): string[] {
  const problems: string[] = [];
  const highest: Record<Direction, number> = { toAcceptor: 0, toInitiator: 0 };
  const connectionOf: Record<Direction, number> = { toAcceptor: 0, toInitiator: 0 };
  for (const m of messages) {
    const where = `${m.direction} connection ${m.connection} MsgSeqNum ${m.seqNum}`;
    if (m.msgType === 'A' && m.fields.get(141) === 'Y') problems.push(`${where}: Logon with ResetSeqNumFlag=Y`);
    if (m.msgType === '4' && m.fields.get(123) !== 'Y') problems.push(`${where}: SequenceReset-Reset to ${m.fields.get(36)}`);
    if (m.msgType === '3') problems.push(`${where}: Reject ${m.fields.get(373)} tag ${m.fields.get(371)} "${m.fields.get(58)}"`);
    if (m.msgType === 'j') problems.push(`${where}: BusinessMessageReject "${m.fields.get(58)}"`);
    if (m.connection !== connectionOf[m.direction]) {
      connectionOf[m.direction] = m.connection;
      if (m.connection > 1 && m.seqNum <= highest[m.direction]) {
        problems.push(`${where}: first message of a new connection at or below ${highest[m.direction]} sent before`);
      }
    }
    if (!m.possDup) highest[m.direction] = Math.max(highest[m.direction], m.seqNum);
  }
  return summarise(problems);
}

/** Both forced gaps were asked for and replayed with PossDupFlag=Y. */
export function gapProblems(messages: readonly ProxiedMessage[]): string[] {
  const problems: string[] = [];
  for (const direction of ['toAcceptor', 'toInitiator'] as const) {
    const gap = gapReplay(messages, direction);
    if (gap.dropped === undefined) {
      problems.push(`${direction}: no message was lost`);
      continue;
    }
    const lost = `${direction}: lost ${gap.dropped.msgType} MsgSeqNum ${gap.dropped.seqNum}`;
    if (gap.resendRequest === undefined) problems.push(`${lost} was never asked for (no ResendRequest covering it)`);
    if (gap.replay === undefined) problems.push(`${lost} was never replayed with PossDupFlag=Y`);
  }
  return problems;
}

/** Fails with every problem spelled out (an assertion diff would truncate the list). */
export function expectNone(problems: readonly string[]): void {
  if (problems.length > 0) throw new Error(`problems:\n  ${problems.join('\n  ')}`);
}
