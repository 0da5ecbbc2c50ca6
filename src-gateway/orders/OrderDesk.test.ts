import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CME } from '../exchange/demo/demoExchanges';
import type { DayOrder, Execution, RefusedOrder } from './DayOrder';
import { OrderDesk, type CancelRejectReport, type OrderOwner } from './OrderDesk';
import { OrderJournal } from './OrderJournal';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const alice: OrderOwner = { firm: 'DemoFirm', account: '11111', trader: 'trader1' };
const bob: OrderOwner = { firm: 'DemoFirm', account: '33333', trader: 'trader2' };

/** A desk over CME only, no background flow, a fixed clock: every event is ours. */
function openDesk(dir = mkdtempSync(join(tmpdir(), 'tessera-desk-'))) {
  if (!dirs.includes(dir)) dirs.push(dir);
  const journal = new OrderJournal(dir);
  const executions: Array<{ order: DayOrder; execution: Execution }> = [];
  const refused: RefusedOrder[] = [];
  const cancelRejects: CancelRejectReport[] = [];
  const desk = new OrderDesk({
    exchanges: [CME],
    journal,
    clock: () => Date.UTC(2026, 10, 23, 15),
    tradingDayOf: () => '2026-11-23',
    hours: 'alwaysOpen',
    listener: {
      execution: (order, execution) => executions.push({ order, execution }),
      refused: (r) => refused.push(r),
      cancelRejected: (r) => cancelRejects.push(r),
      market: () => undefined,
      commandDone: () => undefined,
    },
  });
  return { dir, journal, desk, executions, refused, cancelRejects };
}

const buy = { exchange: 'CME', symbol: 'ESZ6', side: 'buy', type: 'limit', tif: 'day' } as const;
const sell = { ...buy, side: 'sell' } as const;

describe('OrderDesk', () => {
  it('acknowledges, fills both sides and keeps exact average prices', () => {
    const { desk, executions } = openDesk();
    desk.submit(alice, { ...buy, clOrdId: 'A1', quantity: 5, price: 24000 });
    desk.submit(bob, { ...sell, clOrdId: 'B1', quantity: 3, price: 23999 });
    desk.submit(bob, { ...sell, clOrdId: 'B2', quantity: 2, price: 24000 });
    const alices = executions.filter((e) => e.order.account === '11111');
    expect(alices.map((e) => [e.execution.execType, e.order.status, e.execution.lastQty, e.execution.lastPx])).toEqual([
      ['0', '0', undefined, undefined],
      ['F', '1', 3, 24000],
      ['F', '2', 2, 24000],
    ]);
    const filled = alices.at(-1)!.order;
    expect(filled.notionalTicks).toBe(24000n * 5n);
    expect(new Set(executions.map((e) => e.execution.execId)).size).toBe(executions.length);
    expect(desk.position('11111', 'CME', 'ESZ6')).toBe(5);
    expect(desk.position('33333', 'CME', 'ESZ6')).toBe(-5);
  });

  it('cancels and replaces by ClOrdID chain; a quantity decrease keeps queue priority', () => {
    const { desk, executions } = openDesk();
    desk.submit(alice, { ...buy, clOrdId: 'A1', quantity: 5, price: 23990 });
    desk.submit(bob, { ...buy, clOrdId: 'B1', quantity: 5, price: 23990 });
    desk.replace(alice, { clOrdId: 'A2', origClOrdId: 'A1', quantity: 4, price: 23990 });
    const replaced = executions.at(-1)!;
    expect(replaced.execution.execType).toBe('5');
    expect([replaced.order.clOrdId, replaced.order.origClOrdId, replaced.order.quantity]).toEqual(['A2', 'A1', 4]);
    desk.submit(bob, { ...sell, clOrdId: 'B2', quantity: 4, price: 23990 });
    expect(desk.orderByClOrdId('DemoFirm', 'A2')!.status).toBe('2');
    expect(desk.orderByClOrdId('DemoFirm', 'B1')!.status).toBe('0');
    desk.cancel(bob, { clOrdId: 'B3', origClOrdId: 'B1' });
    expect(executions.at(-1)!.execution.execType).toBe('4');
    expect(executions.at(-1)!.order).toMatchObject({ clOrdId: 'B3', origClOrdId: 'B1', status: '4', leaves: 0 });
  });

  it('refuses duplicates, unknown instruments and orders for a closed market, with reasons', () => {
    const { desk, refused, cancelRejects } = openDesk();
    desk.submit(alice, { ...buy, clOrdId: 'A1', quantity: 1, price: 24000 });
    desk.submit(alice, { ...buy, clOrdId: 'A1', quantity: 1, price: 24000 });
    desk.submit(alice, { ...buy, symbol: 'NOPE', clOrdId: 'A2', quantity: 1, price: 1 });
    desk.setMarketOpen('CME', false);
    desk.submit(alice, { ...buy, clOrdId: 'A3', quantity: 1, price: 24000 });
    expect(refused.map((r) => [r.clOrdId, r.ordRejReason, r.text])).toEqual([
      ['A1', 6, 'Duplicate ClOrdID A1'],
      ['A2', 1, 'Unknown instrument NOPE on CME'],
      ['A3', 2, expect.stringMatching(/closed/i)],
    ]);
    desk.cancel(alice, { clOrdId: 'A9', origClOrdId: 'ZZ' });
    desk.cancel(bob, { clOrdId: 'B9', origClOrdId: 'A1' });
    expect(cancelRejects.map((r) => [r.origClOrdId, r.reason, r.text])).toEqual([
      ['ZZ', 1, 'Unknown order ZZ'],
      ['A1', 1, 'Unknown order A1'],
    ]);
  });

  it('rejects a cancel of a finished order as too late', () => {
    const { desk, cancelRejects } = openDesk();
    desk.submit(alice, { ...buy, clOrdId: 'A1', quantity: 1, price: 24000 });
    desk.cancel(alice, { clOrdId: 'A2', origClOrdId: 'A1' });
    desk.cancel(alice, { clOrdId: 'A3', origClOrdId: 'A2' });
    expect(cancelRejects).toMatchObject([{ origClOrdId: 'A2', reason: 0, ordStatus: '4', text: expect.stringContaining('cancelled') }]);
  });

  it('after a restart reloads the day, puts resting orders back in queue order and continues ids', () => {
    const first = openDesk();
    first.desk.submit(alice, { ...buy, clOrdId: 'A1', quantity: 2, price: 23990 });
    first.desk.submit(bob, { ...buy, clOrdId: 'B1', quantity: 2, price: 23990 });
    first.desk.submit(alice, { ...buy, clOrdId: 'A2', quantity: 1, price: 23980 });
    first.desk.cancel(alice, { clOrdId: 'A3', origClOrdId: 'A2' });
    const lastExec = Number(first.executions.at(-1)!.execution.execId.slice(1));
    first.journal.close();

    const second = openDesk(first.dir);
    expect([...second.desk.dayOrders()].map((o) => [o.clOrdId, o.status])).toEqual([
      ['A1', '0'],
      ['B1', '0'],
      ['A3', '4'],
    ]);
    second.desk.submit(bob, { ...sell, clOrdId: 'B2', quantity: 3, price: 23990 });
    const fills = second.executions.filter((e) => e.execution.execType === 'F' && e.order.side === 'buy');
    expect(fills.map((e) => [e.order.clOrdId, e.execution.lastQty])).toEqual([
      ['A1', 2],
      ['B1', 1],
    ]);
    const execIds = second.executions.map((e) => Number(e.execution.execId.slice(1)));
    expect(Math.min(...execIds)).toBe(lastExec + 1);
    const b2 = second.desk.orderByClOrdId('DemoFirm', 'B2')!;
    expect(b2.exchangeOrderId).toBeGreaterThan(3);
    second.desk.submit(alice, { ...buy, clOrdId: 'A1', quantity: 1, price: 1 });
    expect(second.refused.map((r) => r.text)).toEqual(['Duplicate ClOrdID A1']);
  });

  it('commits every execution to the journal before the listener hears of it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tessera-desk-'));
    dirs.push(dir);
    const journal = new OrderJournal(dir);
    // A second connection sees only what was committed.
    const reader = new OrderJournal(dir);
    const committedWhenHeard: boolean[] = [];
    const desk = new OrderDesk({
      exchanges: [CME],
      journal,
      clock: () => Date.UTC(2026, 10, 23, 15),
      tradingDayOf: () => '2026-11-23',
      hours: 'alwaysOpen',
      listener: {
        execution: (_order, execution) =>
          committedWhenHeard.push(reader.executionsOf('2026-11-23').some((e) => e.execution.execId === execution.execId)),
        refused: () => undefined,
        cancelRejected: () => undefined,
        market: () => undefined,
        commandDone: () => undefined,
      },
    });
    desk.submit(alice, { ...buy, clOrdId: 'A1', quantity: 1, price: 24000 });
    desk.submit(bob, { ...sell, clOrdId: 'B1', quantity: 1, price: 24000 });
    expect(committedWhenHeard).toEqual([true, true, true, true]);
    reader.close();
    journal.close();
  });
});
