import { describe, expect, it } from 'vitest';
import { clOrdIDs, expectNone, gapProblems, orderOutcomeProblems, sessionProblems } from './harness/checks';
import { events } from './harness/eventLines';
import { FixFaultProxy } from './harness/FixFaultProxy';
import { ORDER, startQuickfixTradeClient, startTesseraAcceptor } from './harness/peers';
import { quickfixReports } from './harness/reports';
import { ISSUE_3_PLAN, runAcceptorRestart } from './harness/scenarios';
import { interopSuite } from './harness/testing';

// Issue 3: a QuickFIX initiator against our acceptor, with a forced gap each way and our side
// killed (-9) mid-run and restarted on its store.

const { group, scratch } = interopSuite();

describe('QuickFIX tradeclient → tessera fix-acceptor', () => {
  it('1,000 orders across a gap each way and a kill -9 of our acceptor: each acked and filled once, no reset', async () => {
    const plan = { ...ISSUE_3_PLAN, prefix: 'QT' };
    const run = await runAcceptorRestart(group, scratch(), plan, (store) => startTesseraAcceptor(group, store));

    expect(await run.killed.exited).toEqual({ code: null, signal: 'SIGKILL' });
    expect(await run.counterparty.exited, run.counterparty.describe()).toEqual({ code: 0, signal: null });
    // QuickFIX's application saw every order acked once and filled once, no ExecID twice.
    expectNone(orderOutcomeProblems(quickfixReports(run.counterparty.lines), clOrdIDs(plan.prefix, plan.orders), ORDER.price));
    expectNone(sessionProblems(run.messages));
    expectNone(gapProblems(run.messages));
    expect(events(run.counterparty.lines, 'summary')[0]?.fields).toMatchObject({ orders: '1000', filled: '1000', duplicates: '0', missing: '0' });
  }, 90_000);

  it('answers a cancel of a filled order with OrderCancelReject (too late to cancel)', async () => {
    const dir = scratch();
    const acceptor = await startTesseraAcceptor(group, `${dir}/acceptor`);
    const proxy = await FixFaultProxy.listen(acceptor.port);
    try {
      const client = startQuickfixTradeClient(
        group,
        { port: proxy.port, store: `${dir}/tradeclient`, prefix: 'CX', count: 20, inFlight: 5, timeoutSeconds: 20 },
        ['--cancel'],
      );
      expect(await client.exited, client.describe()).toEqual({ code: 0, signal: null });
      const cancelRejects = proxy.messages
        .filter((m) => m.direction === 'toInitiator' && m.msgType === '9')
        .map((m) => [m.fields.get(41), m.fields.get(11), m.fields.get(434), m.fields.get(102)])
        .sort((a, b) => Number(a[0]!.slice(3)) - Number(b[0]!.slice(3)));
      expect(cancelRejects).toEqual(clOrdIDs('CX', 20).map((id) => [id, `${id}-C`, '1', '0']));
      expect(events(client.lines, 'summary')[0]?.fields).toMatchObject({ orders: '20', filled: '20', canceled: '0', missing: '0' });
    } finally {
      await proxy.close();
    }
  }, 60_000);
});
