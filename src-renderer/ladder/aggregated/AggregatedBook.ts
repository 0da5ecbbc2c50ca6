import { createStore, type StoreApi } from 'zustand/vanilla';
import type { AggregatedBookView, AggregatorDefinition, BookView } from '../../../src-shared/ipc/contract';
import { BookStore } from '../BookStore';
import type { PriceScale } from '../PriceScale';
import { quantityText } from '../quantityText';

/** One leg as the aggregated ladder shows it: live, or down with main's reason. */
export interface LegState {
  readonly alias: string;
  readonly exchange: string;
  readonly symbol: string;
  readonly colour: string;
  readonly available: boolean;
  readonly reason: string;
}

type Level = AggregatedBookView['bids'][number];

/**
 * An aggregated instrument's book in the renderer: the newest `aggregator.book` view from main,
 * and the same depth as a ladder book (steps = lattice rows) in a BookStore, so the ladder draws
 * it as it draws a contract's. Also what the ladder shows beyond depth: each level's legs (on
 * hover) and each leg's availability.
 */
export class AggregatedBook {
  readonly store = new BookStore();
  readonly legs: StoreApi<{ legs: readonly LegState[] }>;
  private view: AggregatedBookView | null = null;
  private seq = 0;

  constructor(
    private readonly definition: AggregatorDefinition,
    private readonly scale: PriceScale,
  ) {
    this.legs = createStore(() => ({ legs: legStates(definition, null) }));
  }

  get latest(): AggregatedBookView | null {
    return this.view;
  }

  set(view: AggregatedBookView): void {
    this.view = view;
    this.store.set(ladderBookOf(view, this.definition.name, ++this.seq));
    const legs = legStates(this.definition, view);
    if (!sameLegs(legs, this.legs.getState().legs)) this.legs.setState({ legs });
  }

  end(reason: string): void {
    this.store.end(reason);
  }

  /** Why no order may go: every leg is down (with their reasons); null while one can trade. */
  legsBlock(): string | null {
    if (this.view === null) return null;
    const legs = this.legs.getState().legs;
    if (legs.some((leg) => leg.available)) return null;
    return `No leg can trade: ${legs.map((leg) => `${leg.alias} ${leg.reason}`).join('; ')}`;
  }

  /** A bid or ask row's breakdown by leg ("Ask 5 @ 75.00: ICE 2, CME 3"), or null when the row is empty. */
  levelTitle(side: 'bid' | 'ask', row: number): string | null {
    const levels = side === 'bid' ? this.view?.bids : this.view?.asks;
    const level = levels?.find((l) => l.row === row);
    if (!level) return null;
    return `${side === 'bid' ? 'Bid' : 'Ask'} ${quantityText(level.quantity)} @ ${this.scale.priceOf(row)}: ${legParts(this.definition, level)}`;
  }
}

function legParts(definition: AggregatorDefinition, level: Level): string {
  return level.legs
    .map(([index, lots, contracts]) => {
      const leg = definition.legs[index];
      const alias = leg?.alias ?? `leg ${index + 1}`;
      // A ratio above one trades several contracts per lot: say both.
      return leg !== undefined && leg.ratio !== 1 ? `${alias} ${quantityText(lots)} (${quantityText(contracts)} contracts)` : `${alias} ${quantityText(lots)}`;
    })
    .join(', ');
}

/** The aggregated depth as a ladder book: [row, lots, legs] triples best first, the last trade on its row. */
export function ladderBookOf(view: AggregatedBookView, name: string, seq: number): BookView {
  const flat = (levels: readonly Level[]): number[] => {
    const out: number[] = [];
    for (const level of levels) out.push(level.row, level.quantity, level.legs.length);
    return out;
  };
  return {
    exchange: 'AGGREGATOR',
    symbol: name,
    tickSize: '1',
    seq,
    bids: flat(view.bids),
    asks: flat(view.asks),
    lastTick: view.lastRow,
    lastQuantity: view.lastQuantity,
    volumeAtPrice: [],
    // A leg's stale feed makes it unavailable (its reason is shown); the merged book is what the live legs say.
    stale: false,
  };
}

export function legStates(definition: AggregatorDefinition, view: AggregatedBookView | null): LegState[] {
  return definition.legs.map((leg, index) => {
    const state = view?.legs[index];
    return {
      alias: leg.alias,
      exchange: leg.exchange,
      symbol: leg.symbol,
      colour: leg.legColour,
      available: state?.available ?? false,
      reason: state === undefined ? 'waiting for main' : state.reason,
    };
  });
}

function sameLegs(a: readonly LegState[], b: readonly LegState[]): boolean {
  return a.length === b.length && a.every((leg, i) => leg.available === b[i]!.available && leg.reason === b[i]!.reason);
}
