import { describe, expect, it } from 'vitest';
import { clOrdIDs, executorOrderProblems, expectNone, gapProblems, orderOutcomeProblems, sessionProblems } from './harness/checks';
import { events } from './harness/eventLines';
import { ORDER, startQuickfixExecutor, startQuickfixTradeClient } from './harness/peers';
import { quickfixReports } from './harness/reports';
import { ISSUE_3_PLAN, runAcceptorRestart, runInitiatorRestart } from './harness/scenarios';
import { interopSuite } from './harness/testing';

// The control: both interop runs with QuickFIX on both sides. It shows the scenarios, the fault
// proxy and the checks hold for a reference implementation, so a failure with our engine in
// one seat is our engine's.

const { group, scratch } = interopSuite();

describe('QuickFIX ↔ QuickFIX through the fault proxy (control)', () => {
  it('initiator killed and restarted: every order acked and filled once, gaps replayed, no reset', async () => {
    const plan = { ...ISSUE_3_PLAN, prefix: 'QC' };
    const dir = scratch();
    const run = await runInitiatorRestart(group, dir, plan, (port, store) =>
      startQuickfixTradeClient(group, { port, store, prefix: plan.prefix, count: plan.orders, inFlight: plan.inFlight, timeoutSeconds: plan.timeoutSeconds }),
    );

    expect(await run.killed.exited).toEqual({ code: null, signal: 'SIGKILL' });
    expect(await run.restarted.exited, run.restarted.describe()).toEqual({ code: 0, signal: null });
    const reports = quickfixReports([...run.killed.lines, ...run.restarted.lines]);
    expectNone(orderOutcomeProblems(reports, clOrdIDs(plan.prefix, plan.orders), ORDER.price));
    expectNone(executorOrderProblems(run.counterparty.lines, clOrdIDs(plan.prefix, plan.orders)));
    expectNone(sessionProblems(run.messages));
    expectNone(gapProblems(run.messages));
    expect(events(run.restarted.lines, 'summary')[0]?.fields).toMatchObject({ orders: '1000', filled: '1000', duplicates: '0', missing: '0' });
  }, 90_000);

  it('acceptor killed and restarted: every order acked and filled once, gaps replayed, no reset', async () => {
    const plan = { ...ISSUE_3_PLAN, prefix: 'QA' };
    const dir = scratch();
    const run = await runAcceptorRestart(group, dir, plan, (store) => startQuickfixExecutor(group, { store }));

    expect(await run.killed.exited).toEqual({ code: null, signal: 'SIGKILL' });
    expect(await run.counterparty.exited, run.counterparty.describe()).toEqual({ code: 0, signal: null });
    const reports = quickfixReports(run.counterparty.lines);
    expectNone(orderOutcomeProblems(reports, clOrdIDs(plan.prefix, plan.orders), ORDER.price));
    expectNone(sessionProblems(run.messages));
    expectNone(gapProblems(run.messages));
    expect(events(run.counterparty.lines, 'summary')[0]?.fields).toMatchObject({ orders: '1000', filled: '1000', duplicates: '0', missing: '0' });
  }, 90_000);

  it('cancels: open orders are cancelled, filled ones get OrderCancelReject', async () => {
    const dir = scratch();
    const open = await startQuickfixExecutor(group, { store: `${dir}/open`, noFill: true });
    const canceling = startQuickfixTradeClient(group, { port: open.port, store: `${dir}/c1`, prefix: 'CO', count: 20, inFlight: 5, timeoutSeconds: 20 }, ['--cancel']);
    expect(await canceling.exited, canceling.describe()).toEqual({ code: 0, signal: null });
    expect(events(canceling.lines, 'summary')[0]?.fields).toMatchObject({ acked: '20', filled: '0', canceled: '20', missing: '0' });

    const filling = await startQuickfixExecutor(group, { store: `${dir}/filling` });
    const tooLate = startQuickfixTradeClient(group, { port: filling.port, store: `${dir}/c2`, prefix: 'CF', count: 20, inFlight: 5, timeoutSeconds: 20 }, ['--cancel']);
    expect(await tooLate.exited, tooLate.describe()).toEqual({ code: 0, signal: null });
    expect(events(tooLate.lines, 'summary')[0]?.fields).toMatchObject({ filled: '20', canceled: '0', missing: '0' });
    expect(events(tooLate.lines, 'cancel-reject').map((e) => e.fields.reason)).toEqual(Array(20).fill('0'));
  });
});
