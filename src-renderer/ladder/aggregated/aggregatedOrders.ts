import type { AggregatedLattice } from '../../../src-shared/aggregator';
import type { AggregatorDefinition, OrderView, ParentOrderView, ParentStatus } from '../../../src-shared/ipc/contract';
import { Rational, TickSize } from '../../../src-shared/pricing';
import type { LadderOwner } from '../LadderDesk';
import type { PriceScale } from '../PriceScale';
import { quantityText } from '../quantityText';
import { isResting, stepOrNull, WorkingOrders, type OrdersAtPrice } from '../WorkingOrders';

/** Parents that still work at their limit: drawn, and clickable to cancel or drag. */
const live: ReadonlySet<ParentStatus> = new Set<ParentStatus>(['working', 'paused', 'cancelling']);

export interface AggregatedOrdersInput {
  readonly definition: AggregatorDefinition;
  readonly lattice: AggregatedLattice;
  readonly scale: PriceScale;
  readonly owner: LadderOwner;
  readonly parents: Iterable<ParentOrderView>;
  /** A child's order view by its key (the `orders` stream). */
  readonly order: (key: string) => OrderView | undefined;
}

/**
 * The trader's Aggregator orders on the aggregated ladder, by side and row: each working parent
 * at its limit row with its working quantity (aggregated lots) in the instrument's colour band,
 * and each resting child at the row its leg price maps to (`rowOfLeg`: buys round down, sells
 * up) as a chip in its leg's colour. A row with only children acts on their parents.
 */
export function aggregatedOrders(input: AggregatedOrdersInput): WorkingOrders {
  const { definition, lattice, scale, owner } = input;
  const legTicks = definition.legs.map((leg) => tickOrNull(leg.minTick));
  const working = new WorkingOrders();
  const notes = new Map<OrdersAtPrice, string[]>();
  const note = (at: OrdersAtPrice, text: string): void => {
    const list = notes.get(at);
    if (list) list.push(text);
    else notes.set(at, [text]);
  };
  const trader = owner.trader.toLowerCase();
  for (const parent of input.parents) {
    if (parent.definitionId !== definition.id || !live.has(parent.status) || parent.trader.toLowerCase() !== trader || parent.account !== owner.account) continue;
    const row = stepOrNull(scale, parent.price);
    if (row === null) continue;
    const at = working.entry(parent.side, row);
    at.quantity += lotsOf(parent.working);
    addKey(at, parent.key);
    at.pending ||= parent.status === 'cancelling';
    at.band = parent.colour;
    note(at, `${definition.name} ${parent.side} ${parent.quantity} @ ${parent.price}: working ${parent.working}, filled ${parent.filled}${parent.status === 'working' ? '' : ` (${parent.status})`}`);
    for (const child of parent.children) {
      const order = input.order(child.key);
      const leg = definition.legs[child.legIndex];
      const tick = legTicks[child.legIndex];
      if (!order || !leg || !tick || order.price === null || !isResting(order)) continue;
      let ticks: number;
      try {
        ticks = tick.ticksOf(order.price);
      } catch {
        continue; // off its own leg's tick: the Order Book still lists it
      }
      const childRow = lattice.rowOfLeg(child.legIndex, ticks, parent.side === 'buy' ? 'bid' : 'ask');
      const here = working.entry(parent.side, childRow);
      addKey(here, parent.key);
      (here.legs ??= []).push({ alias: leg.alias, colour: leg.legColour, quantity: order.leaves, price: order.price });
      if (here !== at) note(here, `${definition.name} ${parent.side} @ ${parent.price}: ${leg.alias} child ${quantityText(order.leaves)} @ ${order.price}`);
    }
  }
  for (const [at, lines] of notes) at.title = lines.join('\n');
  return working;
}

/** The owner's parents of this instrument that cancel-all takes down: working or paused (any account when none is chosen). */
export function workingParentKeys(parents: Iterable<ParentOrderView>, definitionId: string, owner: LadderOwner): string[] {
  const keys: string[] = [];
  for (const parent of parents) {
    if (parent.definitionId !== definitionId || parent.trader.toLowerCase() !== owner.trader.toLowerCase()) continue;
    if (owner.account !== '' && parent.account !== owner.account) continue;
    if (parent.status === 'working' || parent.status === 'paused') keys.push(parent.key);
  }
  return keys;
}

function addKey(at: OrdersAtPrice, key: string): void {
  if (!at.keys.includes(key)) at.keys.push(key);
}

/** An exact lots text from main ("3", "1.5", "2/3", "1 1/3") as a number for the cell, in whole thousandths (down). */
export function lotsOf(text: string): number {
  const parts = text.trim().split(' ');
  const lots = parts.reduce((sum, part) => sum.add(Rational.parse(part)), Rational.ZERO);
  return Number((lots.numerator * 1000n) / lots.denominator) / 1000;
}

function tickOrNull(text: string): TickSize | null {
  try {
    return TickSize.parse(text);
  } catch {
    return null;
  }
}
