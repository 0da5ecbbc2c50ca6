import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildInteropPeers } from './harness/build';
import { clOrdIDs, executorOrderProblems, gapReplay, orderOutcomeProblems, sessionProblems } from './harness/checks';
import { events } from './harness/eventLines';
import { PeerGroup } from './harness/PeerProcess';
import { ORDER, startQuickfixExecutor, startQuickfixTradeClient } from './harness/peers';
import { quickfixReports } from './harness/reports';
import { ISSUE_3_PLAN, runAcceptorRestart, runInitiatorRestart } from './harness/scenarios';

// The control: both interop runs with QuickFIX on both sides. It shows the scenarios, the fault
// proxy and the checks hold for a reference implementation, so a failure with our engine in
// one seat is our engine's.

const group = new PeerGroup();
const dirs: string[] = [];

function scratch(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tessera-interop-'));
  dirs.push(dir);
  return dir;
}

beforeAll(() => buildInteropPeers(), 180_000);

afterEach(async () => {
  await group.stopAll();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('QuickFIX ↔ QuickFIX through the fault proxy (control)', () => {
  it('initiator killed and restarted: every order acked and filled once, gaps replayed, no reset', async () => {
    const plan = { ...ISSUE_3_PLAN, prefix: 'QC' };
    const dir = scratch();
    const run = await runInitiatorRestart(group, dir, plan, (port, store) =>
      startQuickfixTradeClient(group, { port, store, prefix: plan.prefix, count: plan.orders, inFlight: plan.inFlight, timeoutSeconds: plan.timeoutSeconds }),
    );

    expect(await run.restarted.exited, run.restarted.describe()).toEqual({ code: 0, signal: null });
    expect(run.killed.lines.some((line) => line.startsWith('summary'))).toBe(false);
    const reports = quickfixReports([...run.killed.lines, ...run.restarted.lines]);
    expect(orderOutcomeProblems(reports, clOrdIDs(plan.prefix, plan.orders), ORDER.price)).toEqual([]);
    expect(executorOrderProblems(run.counterparty.lines, clOrdIDs(plan.prefix, plan.orders))).toEqual([]);
    expect(sessionProblems(run.messages)).toEqual([]);
    for (const direction of ['toAcceptor', 'toInitiator'] as const) {
      const gap = gapReplay(run.messages, direction);
      expect(gap.dropped, direction).toBeDefined();
      expect(gap.resendRequest, direction).toBeDefined();
      expect(gap.replay, direction).toBeDefined();
    }
    expect(events(run.restarted.lines, 'summary')[0]?.fields).toMatchObject({ orders: '1000', filled: '1000', duplicates: '0', missing: '0' });
  }, 90_000);

  it('acceptor killed and restarted: every order acked and filled once, gaps replayed, no reset', async () => {
    const plan = { ...ISSUE_3_PLAN, prefix: 'QA' };
    const dir = scratch();
    const run = await runAcceptorRestart(group, dir, plan, (store) => startQuickfixExecutor(group, { store }));

    expect(await run.counterparty.exited, run.counterparty.describe()).toEqual({ code: 0, signal: null });
    const reports = quickfixReports(run.counterparty.lines);
    expect(orderOutcomeProblems(reports, clOrdIDs(plan.prefix, plan.orders), ORDER.price)).toEqual([]);
    expect(sessionProblems(run.messages)).toEqual([]);
    for (const direction of ['toAcceptor', 'toInitiator'] as const) {
      const gap = gapReplay(run.messages, direction);
      expect(gap.dropped, direction).toBeDefined();
      expect(gap.resendRequest, direction).toBeDefined();
      expect(gap.replay, direction).toBeDefined();
    }
    expect(events(run.counterparty.lines, 'summary')[0]?.fields).toMatchObject({ orders: '1000', filled: '1000', duplicates: '0', missing: '0' });
  }, 90_000);
});
