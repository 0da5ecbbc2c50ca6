import { describe, expect, it } from 'vitest';
import { clOrdIDs, executorOrderProblems, expectNone, gapProblems, orderOutcomeProblems, sessionProblems } from './harness/checks';
import { ORDER, startTesseraClient } from './harness/peers';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tesseraJournalReports, tesseraReports } from './harness/reports';
import { ISSUE_3_PLAN, runInitiatorRestart } from './harness/scenarios';
import { interopSuite } from './harness/testing';

// Issue 3: our initiator against a QuickFIX acceptor, with a forced gap each way and our side
// killed (-9) mid-run and restarted on its store.

const { group, scratch } = interopSuite();

describe('tessera fix-client → QuickFIX executor', () => {
  it('1,000 orders across a gap each way and a kill -9 of our client: each acked and filled once, no reset', async () => {
    const plan = { ...ISSUE_3_PLAN, prefix: 'TC' };
    const dir = scratch();
    const run = await runInitiatorRestart(group, dir, plan, (port, store) =>
      startTesseraClient(group, { port, store, prefix: plan.prefix, count: plan.orders, inFlight: plan.inFlight, timeoutSeconds: plan.timeoutSeconds }),
    );

    expect(await run.killed.exited).toEqual({ code: null, signal: 'SIGKILL' });
    expect(await run.restarted.exited, run.restarted.describe()).toEqual({ code: 0, signal: null });
    const expected = clOrdIDs(plan.prefix, plan.orders);
    // What our client's application processed, over both runs: every order once acked, once filled.
    const journal = readFileSync(join(dir, 'initiator', 'client-CLIENT-EXECUTOR.jsonl'), 'utf8');
    expectNone(orderOutcomeProblems(tesseraJournalReports(journal), expected, ORDER.price));
    // What it showed: no report twice (a redelivery of a known report is marked as such).
    const shown = tesseraReports([...run.killed.lines, ...run.restarted.lines]);
    expect(shown.length).toBeGreaterThanOrEqual(2 * plan.orders - 1);
    expect(new Set(shown.map((r) => r.execID)).size).toBe(shown.length);
    // What QuickFIX's application received: every order exactly once, none re-sent as new.
    expectNone(executorOrderProblems(run.counterparty.lines, expected));
    expectNone(sessionProblems(run.messages));
    expectNone(gapProblems(run.messages));
    expect(run.restarted.lines.find((line) => line.startsWith('summary '))).toMatch(/^summary orders=1000 acked=1000 filled=1000 rejected=0 duplicates=0$/);
  }, 90_000);
});
