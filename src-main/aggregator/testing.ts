import { TickSize } from '../../src-shared/pricing';
import { aggregatorDefinitionSchema, type AggregatorDefinition, type AggregatorDefinitionInput } from '../../src-shared/ipc/contract/aggregator';
import type { AggregatorClock, AggregatorListener, ChildOrderRequest, LegDepth, ParentView } from './types';

// Test and benchmark helpers for the engine: definitions, a clock moved by hand, a listener
// that records. Nothing here stands in for engine logic.

type LegInput = AggregatorDefinitionInput['legs'][number];

export const CME_BRENT: LegInput = { exchange: 'CME', symbol: 'BZF7', alias: 'CME', ratio: 1, minTick: '0.05', legColour: '#e0a040' };
export const ICE_BRENT: LegInput = { exchange: 'ICE', symbol: 'BRNF7', alias: 'ICE', ratio: 1, minTick: '0.01', legColour: '#40a0e0' };
export const THIRD_BRENT: LegInput = { exchange: 'EUREX', symbol: 'FBRN', alias: 'EUX', ratio: 1, minTick: '0.01', legColour: '#60c060' };

/** An aggregated Brent over CME and ICE (the schema's defaults: RankRatio DAY, SplitRatio joining, RouteToAvailable). */
export function definition(overrides: Partial<AggregatorDefinitionInput> = {}): AggregatorDefinition {
  return aggregatorDefinitionSchema.parse({
    id: 'brent',
    name: 'Brent',
    colour: '#ffcc00',
    connectionId: 'embedded',
    algoId: '4242',
    taking: {},
    joining: {},
    rebalance: {},
    legs: [CME_BRENT, ICE_BRENT],
    ...overrides,
  });
}

/** A leg book from decimal prices: `book('0.01', [['74.99', 5]], [['75.00', 3]])`, best first. */
export function depth(tick: string, bids: [string, number][], asks: [string, number][]): LegDepth {
  const t = TickSize.parse(tick);
  const flat = (levels: [string, number][]) => levels.flatMap(([price, quantity]) => [t.ticksOf(price), quantity, 1]);
  return { bids: flat(bids), asks: flat(asks) };
}

/** Time moved by the test; scheduled tasks run in time order when it passes their instant. */
export class ManualClock implements AggregatorClock {
  private time = 0;
  private seq = 0;
  private readonly tasks = new Map<number, { at: number; task: () => void }>();

  now(): number {
    return this.time;
  }

  schedule(delayMs: number, task: () => void): () => void {
    const id = ++this.seq;
    this.tasks.set(id, { at: this.time + delayMs, task });
    return () => this.tasks.delete(id);
  }

  get pending(): number {
    return this.tasks.size;
  }

  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      let next: [number, { at: number; task: () => void }] | undefined;
      for (const entry of this.tasks) if (entry[1].at <= end && (!next || entry[1].at < next[1].at)) next = entry;
      if (!next) break;
      this.tasks.delete(next[0]);
      this.time = next[1].at;
      next[1].task();
    }
    this.time = end;
  }
}

/** Records every decision; `log` lines read like a blotter. */
export class RecordingListener implements AggregatorListener {
  readonly sent: ChildOrderRequest[] = [];
  readonly views = new Map<string, ParentView>();
  readonly log: string[] = [];

  sendChild(order: ChildOrderRequest): void {
    this.sent.push(order);
    this.log.push(`new ${order.childId} ${order.exchange} ${order.side} ${order.quantity} @ ${order.price} ${order.tif}`);
  }

  cancelChild(childId: string): void {
    this.log.push(`cancel ${childId}`);
  }

  reduceChild(childId: string, quantity: number): void {
    this.log.push(`reduce ${childId} to ${quantity}`);
  }

  parentChanged(view: ParentView): void {
    this.views.set(view.parentId, view);
  }

  /** Log lines since the last call. */
  take(): string[] {
    return this.log.splice(0);
  }

  view(parentId: string): ParentView {
    const view = this.views.get(parentId);
    if (!view) throw new Error(`no view of ${parentId}`);
    return view;
  }
}
