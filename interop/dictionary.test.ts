import { describe, expect, it } from 'vitest';
import { tesseraDictionary } from './harness/build';
import { clOrdIDs, expectNone, orderOutcomeProblems, sessionProblems } from './harness/checks';
import { events } from './harness/eventLines';
import { FixFaultProxy, type ProxiedMessage } from './harness/FixFaultProxy';
import { withoutTag } from './harness/fixWire';
import { ORDER, startQuickfixExecutor, startQuickfixTradeClient, startTesseraAcceptor, startTesseraClient } from './harness/peers';
import { quickfixReports, tesseraReports } from './harness/reports';
import { interopSuite } from './harness/testing';

// Both engines validate with the same dictionary file: the QuickFIX peers load
// FIX44-tessera.xml (UseDataDictionary=Y) and ours uses it built in. Valid traffic passes both
// ways without a Reject; a NewOrderSingle without Side (54) and an ExecutionReport without
// ExecType (150) get Reject 373=1 (Required tag missing) naming the tag, from either engine.

const { group, scratch } = interopSuite();

const ORDERS = 50;

function rejectOf(messages: readonly ProxiedMessage[], direction: ProxiedMessage['direction'], refSeqNum: number): ProxiedMessage | undefined {
  return messages.find((m) => m.direction === direction && m.msgType === '3' && Number(m.fields.get(45)) === refSeqNum);
}

function rejected(proxy: FixFaultProxy, direction: ProxiedMessage['direction'], stripped: () => ProxiedMessage | undefined): Promise<ProxiedMessage> {
  return proxy.waitFor(`Reject ${direction}`, (m) => m.direction === direction && m.msgType === '3' && m.fields.get(45) === String(stripped()?.seqNum), 20_000);
}

describe('FIX44-tessera.xml in both engines', () => {
  it('tessera fix-client ↔ QuickFIX executor validating with it: no rejects, every order filled', async () => {
    const dir = scratch();
    const executor = await startQuickfixExecutor(group, { store: `${dir}/executor`, dictionary: tesseraDictionary });
    expect(events(executor.process.lines, 'listening')[0]?.fields.dictionary).toBe(tesseraDictionary);
    const proxy = await FixFaultProxy.listen(executor.port);
    try {
      const client = startTesseraClient(group, { port: proxy.port, store: `${dir}/client`, prefix: 'DC', count: ORDERS, inFlight: 10, timeoutSeconds: 20 });
      expect(await client.exited, client.describe()).toEqual({ code: 0, signal: null });
      expectNone(orderOutcomeProblems(tesseraReports(client.lines), clOrdIDs('DC', ORDERS), ORDER.price));
      expectNone(sessionProblems(proxy.messages));
    } finally {
      await proxy.close();
    }
  }, 60_000);

  it('QuickFIX tradeclient validating with it ↔ tessera fix-acceptor: no rejects, every order filled', async () => {
    const dir = scratch();
    const acceptor = await startTesseraAcceptor(group, `${dir}/acceptor`);
    const proxy = await FixFaultProxy.listen(acceptor.port);
    try {
      const client = startQuickfixTradeClient(group, {
        port: proxy.port, store: `${dir}/tradeclient`, prefix: 'DQ', count: ORDERS, inFlight: 10, timeoutSeconds: 20, dictionary: tesseraDictionary,
      });
      expect(await client.exited, client.describe()).toEqual({ code: 0, signal: null });
      expectNone(orderOutcomeProblems(quickfixReports(client.lines), clOrdIDs('DQ', ORDERS), ORDER.price));
      expectNone(sessionProblems(proxy.messages));
    } finally {
      await proxy.close();
    }
  }, 60_000);

  it('a missing required tag is rejected the same way by both engines, each way', async () => {
    const dir = scratch();
    const strip = (proxy: FixFaultProxy): void => {
      proxy.rewriteApplicationMessage('toAcceptor', 3, (frame) => withoutTag(frame, 54));
      proxy.rewriteApplicationMessage('toInitiator', 5, (frame) => withoutTag(frame, 150));
    };
    const strippedIn = (proxy: FixFaultProxy, direction: ProxiedMessage['direction']) => () => proxy.messages.find((m) => m.direction === direction && m.rewritten);

    // Our initiator → QuickFIX executor: QuickFIX judges the order, ours the report.
    const executor = await startQuickfixExecutor(group, { store: `${dir}/executor`, dictionary: tesseraDictionary });
    const toQuickfix = await FixFaultProxy.listen(executor.port);
    // QuickFIX tradeclient → our acceptor: ours judges the order, QuickFIX the report.
    const acceptor = await startTesseraAcceptor(group, `${dir}/acceptor`);
    const toTessera = await FixFaultProxy.listen(acceptor.port);
    try {
      strip(toQuickfix);
      strip(toTessera);
      startTesseraClient(group, { port: toQuickfix.port, store: `${dir}/client`, prefix: 'RC', count: 10, inFlight: 10, timeoutSeconds: 30 });
      startQuickfixTradeClient(group, { port: toTessera.port, store: `${dir}/tradeclient`, prefix: 'RQ', count: 10, inFlight: 10, timeoutSeconds: 30, dictionary: tesseraDictionary });

      const judged = await Promise.all([
        rejected(toQuickfix, 'toInitiator', strippedIn(toQuickfix, 'toAcceptor')),
        rejected(toQuickfix, 'toAcceptor', strippedIn(toQuickfix, 'toInitiator')),
        rejected(toTessera, 'toInitiator', strippedIn(toTessera, 'toAcceptor')),
        rejected(toTessera, 'toAcceptor', strippedIn(toTessera, 'toInitiator')),
      ]);
      expect(judged.map((m) => [m.fields.get(373), m.fields.get(371), m.fields.get(372), m.fields.get(58)])).toEqual([
        ['1', '54', 'D', 'Required tag missing'],
        ['1', '150', '8', 'Required tag missing'],
        ['1', '54', 'D', 'Required tag missing'],
        ['1', '150', '8', 'Required tag missing'],
      ]);
      for (const proxy of [toQuickfix, toTessera]) {
        expect(rejectOf(proxy.messages, 'toInitiator', strippedIn(proxy, 'toAcceptor')()!.seqNum)).toBeDefined();
        // Nothing else was rejected: the other orders and reports passed both dictionaries.
        expect(proxy.messages.filter((m) => m.msgType === '3' || m.msgType === 'j')).toHaveLength(2);
      }
      // QuickFIX's own account: it sent the one for Side and received ours for ExecType.
      await executor.process.waitForLine(/^reject dir=out .*reason=1 reftag=54 /, 5_000);
      await executor.process.waitForLine(/^reject dir=in .*reason=1 reftag=150 /, 5_000);
    } finally {
      await toQuickfix.close();
      await toTessera.close();
    }
  }, 60_000);
});
