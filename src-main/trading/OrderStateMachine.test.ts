import { describe, expect, it } from 'vitest';
import type { OrderStatus } from '../../src-shared/ipc/contract/trading';
import { TickSize } from '../../src-shared/pricing';
import { OrderRefusal, OrderStateMachine, type CancelRejectEvent, type ExecutionEvent, type NewOrderFields } from './OrderStateMachine';

const buy10: NewOrderFields = { account: '11111', exchange: 'CME', symbol: 'ESZ6', side: 'buy', type: 'limit', tif: 'day', quantity: 10, price: '5000.25', stopPrice: null };
const esTick = TickSize.parse('0.25');

let execSeq = 0;
/** A report about the order C1 (OrderID CME-1) as the gateway writes it; fields override. */
function report(fields: Partial<ExecutionEvent>): ExecutionEvent {
  return {
    execId: `E${++execSeq}`,
    execType: '0',
    status: 'Working',
    orderId: 'CME-1',
    clOrdId: 'C1',
    origClOrdId: null,
    account: '11111',
    exchange: 'CME',
    symbol: 'ESZ6',
    side: 'buy',
    type: 'limit',
    tif: 'day',
    quantity: 10,
    price: '5000.25',
    stopPrice: null,
    lastQty: 0,
    lastPx: null,
    cumQty: 0,
    leavesQty: 10,
    avgPx: '0',
    text: '',
    algoId: null,
    time: 1000,
    ...fields,
  };
}
const ack = (fields: Partial<ExecutionEvent> = {}) => report({ execType: '0', status: 'Working', ...fields });
const trade = (lastQty: number, cumQty: number, lastPx: string, avgPx: string, fields: Partial<ExecutionEvent> = {}) =>
  report({ execType: 'F', status: cumQty >= (fields.quantity ?? 10) ? 'Filled' : 'PartiallyFilled', lastQty, lastPx, cumQty, leavesQty: (fields.quantity ?? 10) - cumQty, avgPx, ...fields });
const cancelReject = (fields: Partial<CancelRejectEvent>): CancelRejectEvent => ({
  orderId: 'CME-1',
  clOrdId: 'C2',
  origClOrdId: 'C1',
  status: 'Working',
  responseTo: 'cancel',
  text: 'Too late',
  ...fields,
});

type Step =
  | { cancel: string }
  | { replace: string }
  | { report: ExecutionEvent }
  | { reject: CancelRejectEvent }
  | { failed: string; text: string };

interface Case {
  name: string;
  steps: Step[];
  status: OrderStatus;
  filled: number;
  leaves: number;
  /** Every fill counted, [quantity, price]. */
  fills: Array<[number, string]>;
  text?: string | RegExp;
  clOrdId?: string;
  price?: string | null;
  quantity?: number;
}

const cases: Case[] = [
  { name: 'a new order is pending until the gateway acknowledges it', steps: [], status: 'PendingNew', filled: 0, leaves: 10, fills: [] },
  { name: 'acknowledged: working', steps: [{ report: ack() }], status: 'Working', filled: 0, leaves: 10, fills: [] },
  {
    name: 'partially filled, then filled',
    steps: [{ report: ack() }, { report: trade(4, 4, '5000.25', '5000.25') }, { report: trade(6, 10, '5000', '5000.1') }],
    status: 'Filled',
    filled: 10,
    leaves: 0,
    fills: [
      [4, '5000.25'],
      [6, '5000'],
    ],
  },
  {
    name: 'a duplicate report (same ExecID) is counted once',
    steps: [{ report: ack() }, { report: trade(4, 4, '5000.25', '5000.25', { execId: 'DUP' }) }, { report: trade(4, 4, '5000.25', '5000.25', { execId: 'DUP' }) }],
    status: 'PartiallyFilled',
    filled: 4,
    leaves: 6,
    fills: [[4, '5000.25']],
  },
  {
    name: 'the fill arrives before the acknowledgement (out of order)',
    steps: [{ report: trade(4, 4, '5000.25', '5000.25') }, { report: ack() }],
    status: 'PartiallyFilled',
    filled: 4,
    leaves: 6,
    fills: [[4, '5000.25']],
  },
  {
    name: 'a later report arrives before an earlier one: missed quantity counted once, the late one adds nothing',
    steps: [{ report: ack() }, { report: trade(6, 10, '5000', '5000.1') }, { report: trade(4, 4, '5000.25', '5000.25') }],
    status: 'Filled',
    filled: 10,
    leaves: 0,
    fills: [
      [4, '5000.25'],
      [6, '5000'],
    ],
  },
  {
    name: 'cancel pending, then cancelled',
    steps: [{ report: ack() }, { cancel: 'C2' }, { report: report({ execType: '4', status: 'Cancelled', clOrdId: 'C2', origClOrdId: 'C1', leavesQty: 0 }) }],
    status: 'Cancelled',
    filled: 0,
    leaves: 0,
    fills: [],
    clOrdId: 'C2',
  },
  { name: 'cancel pending shows as pending cancel', steps: [{ report: ack() }, { cancel: 'C2' }], status: 'PendingCancel', filled: 0, leaves: 10, fills: [] },
  {
    name: 'a partial fill while the cancel is pending keeps it pending; the cancel then ends it',
    steps: [
      { report: ack() },
      { cancel: 'C2' },
      { report: trade(3, 3, '5000.25', '5000.25') },
      { report: report({ execType: '4', status: 'Cancelled', clOrdId: 'C2', origClOrdId: 'C1', cumQty: 3, leavesQty: 0, avgPx: '5000.25' }) },
    ],
    status: 'Cancelled',
    filled: 3,
    leaves: 0,
    fills: [[3, '5000.25']],
  },
  {
    name: 'cancel racing a fill: the fill wins and the cancel reject does not undo it',
    steps: [{ report: ack() }, { cancel: 'C2' }, { report: trade(10, 10, '5000.25', '5000.25') }, { reject: cancelReject({ status: 'Filled', text: 'Order CME-1 is already filled' }) }],
    status: 'Filled',
    filled: 10,
    leaves: 0,
    fills: [[10, '5000.25']],
    text: 'Cancel rejected: Order CME-1 is already filled',
  },
  {
    name: 'cancel racing a fill, the reject first (its status says filled), the fill report after',
    steps: [{ report: ack() }, { cancel: 'C2' }, { reject: cancelReject({ status: 'Filled' }) }, { report: trade(10, 10, '5000.25', '5000.25') }],
    status: 'Filled',
    filled: 10,
    leaves: 0,
    fills: [[10, '5000.25']],
  },
  {
    name: 'a rejected cancel puts the order back to what the gateway says',
    steps: [{ report: ack() }, { report: trade(2, 2, '5000.25', '5000.25') }, { cancel: 'C2' }, { reject: cancelReject({ status: 'PartiallyFilled', text: 'Exchange says no' }) }],
    status: 'PartiallyFilled',
    filled: 2,
    leaves: 8,
    fills: [[2, '5000.25']],
    text: 'Cancel rejected: Exchange says no',
    clOrdId: 'C1',
  },
  {
    name: 'replace pending, then replaced: new ClOrdID, quantity and price',
    steps: [
      { report: ack() },
      { replace: 'C2' },
      { report: report({ execType: '5', status: 'Working', clOrdId: 'C2', origClOrdId: 'C1', quantity: 7, price: '5001.00', leavesQty: 7 }) },
    ],
    status: 'Working',
    filled: 0,
    leaves: 7,
    fills: [],
    clOrdId: 'C2',
    quantity: 7,
    price: '5001.00',
  },
  { name: 'replace pending shows as pending replace', steps: [{ report: ack() }, { replace: 'C2' }], status: 'PendingReplace', filled: 0, leaves: 10, fills: [] },
  {
    name: 'a fill under the old ClOrdID while the replace is pending, then under the new one',
    steps: [
      { report: ack() },
      { replace: 'C2' },
      { report: trade(2, 2, '5000.25', '5000.25') },
      { report: report({ execType: '5', status: 'PartiallyFilled', clOrdId: 'C2', origClOrdId: 'C1', quantity: 8, price: '5000.50', cumQty: 2, leavesQty: 6, avgPx: '5000.25' }) },
      { report: trade(6, 8, '5000.50', '5000.4375', { clOrdId: 'C2', quantity: 8, price: '5000.50' }) },
    ],
    status: 'Filled',
    filled: 8,
    leaves: 0,
    fills: [
      [2, '5000.25'],
      [6, '5000.50'],
    ],
    clOrdId: 'C2',
  },
  {
    name: 'replace rejected: the order keeps working as it was, with the reason',
    steps: [{ report: ack() }, { replace: 'C2' }, { reject: cancelReject({ responseTo: 'replace', text: 'Price band' }) }],
    status: 'Working',
    filled: 0,
    leaves: 10,
    fills: [],
    text: 'Change rejected: Price band',
    clOrdId: 'C1',
    price: '5000.25',
  },
  {
    name: 'the gateway rejects the new order',
    steps: [{ report: report({ execType: '8', status: 'Rejected', orderId: null, leavesQty: 0, text: 'Price band' }) }],
    status: 'Rejected',
    filled: 0,
    leaves: 0,
    fills: [],
    text: 'Price band',
  },
  {
    name: 'the session rejects the new order before the gateway saw it',
    steps: [{ failed: 'C1', text: 'Trader trader1 is not logged on' }],
    status: 'Rejected',
    filled: 0,
    leaves: 0,
    fills: [],
    text: 'Trader trader1 is not logged on',
  },
  {
    name: 'the session rejects a cancel: the order is working again',
    steps: [{ report: ack() }, { cancel: 'C2' }, { failed: 'C2', text: 'Trader trader1 is not logged on' }],
    status: 'Working',
    filled: 0,
    leaves: 10,
    fills: [],
  },
  {
    name: 'a terminal status is never left (a late acknowledgement after the cancel)',
    steps: [{ cancel: 'C2' }, { report: report({ execType: '4', status: 'Cancelled', clOrdId: 'C2', origClOrdId: 'C1', leavesQty: 0 }) }, { report: ack() }],
    status: 'Cancelled',
    filled: 0,
    leaves: 0,
    fills: [],
  },
  {
    name: 'expired at the session close',
    steps: [{ report: ack() }, { report: report({ execType: 'C', status: 'Expired', leavesQty: 0, text: 'Expired at the session close' }) }],
    status: 'Expired',
    filled: 0,
    leaves: 0,
    fills: [],
  },
];

function run(steps: Step[]): OrderStateMachine {
  const machine = new OrderStateMachine('embedded', 'trader1', () => esTick);
  machine.submit(buy10, 'C1', 1000);
  for (const step of steps) {
    if ('cancel' in step) machine.requestCancel('C1', step.cancel, 1000);
    else if ('replace' in step) machine.requestReplace('C1', step.replace, 1000);
    else if ('report' in step) machine.execution(step.report, 1000);
    else if ('reject' in step) machine.cancelRejected(step.reject, 1000);
    else machine.requestFailed(step.failed, step.text, 1000);
  }
  return machine;
}

describe('OrderStateMachine transitions', () => {
  it.each(cases)('$name', (c) => {
    const machine = run(c.steps);
    const order = machine.order('C1')!;
    expect([order.status, order.filled, order.leaves]).toEqual([c.status, c.filled, c.leaves]);
    expect(machine.fills().map((f) => [f.quantity, f.price])).toEqual(c.fills);
    expect(machine.fills().reduce((sum, f) => sum + f.quantity, 0)).toBe(c.filled);
    if (c.text !== undefined) expect(order.text).toMatch(c.text);
    if (c.clOrdId !== undefined) expect(order.clOrdId).toBe(c.clOrdId);
    if (c.price !== undefined) expect(order.price).toBe(c.price);
    if (c.quantity !== undefined) expect(order.quantity).toBe(c.quantity);
    expect(order.key).toBe('C1');
  });
});

describe('OrderStateMachine requests', () => {
  it('refuses a cancel of a finished order, a second cancel, and a change while one is pending', () => {
    const filled = run([{ report: ack() }, { report: trade(10, 10, '5000.25', '5000.25') }]);
    expect(() => filled.requestCancel('C1', 'C2', 1)).toThrow(new OrderRefusal('Order C1 is already filled'));
    const pending = run([{ report: ack() }, { cancel: 'C2' }]);
    expect(() => pending.requestCancel('C1', 'C3', 1)).toThrow('A cancel of order C1 is already pending');
    expect(() => pending.requestReplace('C1', 'C3', 1)).toThrow('Order C1 already has a change pending');
    expect(() => pending.requestCancel('NOPE', 'C4', 1)).toThrow('No order NOPE');
  });

  it('allows a cancel while a replace is pending; whichever the gateway takes ends it', () => {
    const machine = run([{ report: ack() }, { replace: 'C2' }, { cancel: 'C3' }]);
    expect(machine.order('C1')!.status).toBe('PendingCancel');
    machine.execution(report({ execType: '5', status: 'Working', clOrdId: 'C2', origClOrdId: 'C1', price: '5001.00' }), 2);
    expect(machine.order('C1')!.status).toBe('PendingCancel');
    machine.execution(report({ execType: '4', status: 'Cancelled', clOrdId: 'C3', origClOrdId: 'C2', leavesQty: 0 }), 3);
    expect([machine.order('C1')!.status, machine.order('C1')!.clOrdId]).toEqual(['Cancelled', 'C3']);
  });

  it('finds an order by any ClOrdID of its chain and by OrderID', () => {
    const machine = run([{ report: ack() }, { replace: 'C2' }, { report: report({ execType: '5', clOrdId: 'C2', origClOrdId: 'C1' }) }]);
    expect([machine.keyOf('C1'), machine.keyOf('C2'), machine.keyOf('CME-1'), machine.currentClOrdId('C1')]).toEqual(['C1', 'C1', 'C1', 'C2']);
  });
});

describe('OrderStateMachine reconciliation', () => {
  it('turns quantity the gateway filled while we were away into one fill, exactly once', () => {
    const machine = run([{ report: ack() }, { report: trade(2, 2, '5000.25', '5000.25') }]);
    const token = machine.beginReconcile();
    // Filled 5 more at 5000.50 while disconnected: CumQty 7, AvgPx (2×5000.25 + 5×5000.50)/7.
    const status = report({ execType: 'I', status: 'PartiallyFilled', cumQty: 7, leavesQty: 3, avgPx: '5000.42857142857143', execId: 'S1' });
    const first = machine.execution(status, 2000);
    expect(first.fills.map((f) => [f.quantity, f.price, f.execId])).toEqual([[5, '5000.50', 'CME-1:3-7']]);
    expect(machine.endReconcile(token, 2000).orders).toEqual([]);
    // The next reconnect reports the same state: nothing new.
    const again = machine.beginReconcile();
    expect(machine.execution({ ...status, execId: 'S2' }, 3000).fills).toEqual([]);
    machine.endReconcile(again, 3000);
    expect(machine.fills().map((f) => f.quantity)).toEqual([2, 5]);
    expect(machine.order('C1')!.status).toBe('PartiallyFilled');
  });

  it('keeps the exact average of several missed fills off the tick lattice, to eight places beyond it', () => {
    const machine = run([{ report: ack() }]);
    // Missed: 1 @ 5000.00 and 2 @ 5000.25 → 5000.1666…; AvgPx rounded by the gateway.
    machine.execution(report({ execType: 'I', status: 'PartiallyFilled', cumQty: 3, leavesQty: 7, avgPx: '5000.1666666667' }), 2);
    expect(machine.fills().map((f) => f.price)).toEqual(['5000.1666666667']);
  });

  it('counts quantity missed before a live fill (CumQty above ours plus LastQty)', () => {
    const machine = run([{ report: ack() }]);
    machine.execution(trade(2, 5, '5000.00', '5000.15'), 2);
    expect(machine.fills().map((f) => [f.quantity, f.price])).toEqual([
      [3, '5000.25'],
      [2, '5000.00'],
    ]);
  });

  it('rejects an order the gateway never received and drops a cancel it never acted on; later requests stay pending', () => {
    const machine = new OrderStateMachine('embedded', 'trader1', () => esTick);
    machine.submit(buy10, 'LOST', 1);
    machine.submit({ ...buy10, quantity: 1 }, 'C1', 1);
    machine.execution(ack(), 1);
    machine.requestCancel('C1', 'C1-X', 1);
    const token = machine.beginReconcile();
    machine.submit(buy10, 'AFTER', 2);
    machine.execution(ack({ execId: 'S-1', execType: 'I' }), 2);
    const changes = machine.endReconcile(token, 3);
    expect(changes.orders.map((o) => [o.key, o.status])).toEqual([
      ['LOST', 'Rejected'],
      ['C1', 'Working'],
    ]);
    expect(machine.order('LOST')!.text).toMatch(/never received/);
    expect(machine.order('C1')!.text).toMatch(/Cancel request was lost/);
    expect(machine.order('AFTER')!.status).toBe('PendingNew');
  });

  it('keeps an order’s time when a reconcile’s status report changes nothing, and moves it when the report does', () => {
    const machine = new OrderStateMachine('embedded', 'trader1', () => esTick);
    machine.submit(buy10, 'C1', 1);
    machine.execution(ack({ execId: 'A-1' }), 5);
    expect(machine.order('C1')!.updatedAt).toBe(5);
    machine.execution(ack({ execId: 'S-1', execType: 'I' }), 900);
    expect(machine.order('C1')!.updatedAt).toBe(5);
    machine.execution(report({ execId: 'S-2', execType: 'I', status: 'PartiallyFilled', cumQty: 4, leavesQty: 6, avgPx: '5000.00' }), 950);
    expect(machine.order('C1')).toMatchObject({ filled: 4, updatedAt: 950 });
  });

  it('ends an acknowledged order the gateway no longer lists', () => {
    const machine = run([{ report: ack() }]);
    const token = machine.beginReconcile();
    expect(machine.endReconcile(token, 5).orders.map((o) => [o.status, o.text])).toEqual([['Expired', "No longer among the gateway's orders of the day"]]);
  });

  it('adopts an order it did not send (a drop copy or a status report), with the fills it had', () => {
    const machine = new OrderStateMachine('embedded', 'admin');
    const changes = machine.execution(
      report({ execType: 'I', status: 'PartiallyFilled', orderId: 'ICE-9', clOrdId: 'W7', account: '33333', exchange: 'ICE', symbol: 'BRNF7', side: 'sell', quantity: 5, price: '80.01', cumQty: 2, leavesQty: 3, avgPx: '80.01' }),
      1,
    );
    expect(changes.orders.map((o) => [o.key, o.status, o.account, o.side, o.filled, o.trader])).toEqual([['W7', 'PartiallyFilled', '33333', 'sell', 2, 'admin']]);
    expect(changes.fills.map((f) => [f.quantity, f.price, f.orderKey])).toEqual([[2, '80.01', 'W7']]);
    // Its next report, after a replace we did not send, is found by the old ClOrdID.
    machine.execution(report({ execType: '5', status: 'PartiallyFilled', orderId: 'ICE-9', clOrdId: 'W8', origClOrdId: 'W7', account: '33333', exchange: 'ICE', symbol: 'BRNF7', side: 'sell', quantity: 4, price: '80.02', cumQty: 2, leavesQty: 2, avgPx: '80.01' }), 2);
    expect([machine.order('W7')!.clOrdId, machine.order('W7')!.price, machine.list().length]).toEqual(['W8', '80.02', 1]);
  });
});
