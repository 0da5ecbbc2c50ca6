import { AggregatedLattice } from '../../../src-shared/aggregator';
import type { AggregatorDefinition } from '../../../src-shared/ipc/contract';
import { followParents, ParentOrdersStore } from '../../aggregator/ParentOrdersStore';
import type { Services } from '../../app/services';
import { tradingBlock } from '../../trading/tradingBlock';
import { LadderPanelController } from '../LadderPanelController';
import { latticeScale, type PriceScale } from '../PriceScale';
import { LadderTrading } from '../LadderTrading';
import { AggregatedBook } from './AggregatedBook';
import { aggregatedDesk } from './aggregatedDesk';
import { aggregatedOrders, workingParentKeys } from './aggregatedOrders';

/**
 * An aggregated instrument's ladder outside React (SPEC §5, §6): the same driver and trading
 * checks as a contract's ladder, over rows of the instrument's lattice. Its book is main's
 * merged depth of the legs; its orders are the trader's parents with their children in leg
 * colours; clicks send parent orders.
 */
export class AggregatedLadderController extends LadderPanelController {
  readonly trading: LadderTrading;
  readonly book: AggregatedBook;
  readonly lattice: AggregatedLattice;
  private readonly scale: PriceScale;
  private readonly parents = new ParentOrdersStore();

  /** Throws a PricingError when the definition's legs give no lattice (the panel shows why). */
  constructor(
    services: Services,
    readonly definition: AggregatorDefinition,
    idPrefix: string,
  ) {
    super(services, idPrefix);
    this.lattice = AggregatedLattice.of(definition);
    this.scale = latticeScale(this.lattice);
    this.book = new AggregatedBook(definition, this.scale);
    this.trading = new LadderTrading({
      desk: aggregatedDesk(services.link.client, definition, (owner) => workingParentKeys(this.parents.all(), definition.id, owner)),
      scale: this.scale,
      block: (purpose) => this.blockFor(purpose),
      book: () => this.book.store.book,
      selection: () => services.selection.getState(),
      settings: () => this.settings,
    });
  }

  /** Starts the feeds and draws into `host`; returns what stops them (React may attach twice). */
  attach(host: HTMLElement): () => void {
    const { store } = this.book;
    const driver = this.startDriver(host, store, `${this.definition.name} aggregated price ladder`, { scale: this.scale, marketTitle: (side, row) => this.book.levelTitle(side, row) });
    let stopBook = this.subscribeBook();
    const stops = [
      followParents(this.services.link.client, this.parents),
      this.parents.onChange(() => this.refreshOrders()),
      ...this.follow(store, this.definition.connectionId, () => {
        stopBook();
        stopBook = this.subscribeBook();
      }),
    ];
    this.refreshOrders();
    this.refreshBlock();
    return () => {
      for (const stop of stops) stop();
      stopBook();
      driver.dispose();
      if (this.driver === driver) this.driver = null;
    };
  }

  private subscribeBook(): () => void {
    return this.services.link.client.subscribe(
      'aggregator.book',
      { definitionId: this.definition.id },
      (view) => this.book.set(view),
      (error) => this.book.end(error?.message ?? 'main closed the aggregated book stream'),
    );
  }

  protected blockFor(purpose: 'order' | 'cancel'): string | null {
    const { connections, status, selection } = this.services;
    const { store } = this.book;
    const block = tradingBlock(
      {
        linkLost: status.getState().lost,
        selection: selection.getState(),
        connection: connections.getState().connections.find((c) => c.id === this.definition.connectionId),
        instrument: { connectionId: this.definition.connectionId, symbol: this.definition.name },
        book: store.book,
        bookEnded: store.feed.kind === 'ended' ? store.feed.reason : null,
      },
      purpose,
    );
    return block ?? (purpose === 'order' ? this.book.legsBlock() : null);
  }

  protected refreshOrders(): void {
    const { trader, account, connectionId } = this.services.selection.getState();
    const mine =
      trader === null || connectionId !== this.definition.connectionId
        ? null
        : aggregatedOrders({
            definition: this.definition,
            lattice: this.lattice,
            scale: this.scale,
            owner: { trader, account },
            parents: this.parents.all(),
            order: (key) => this.services.orders.get(key),
          });
    this.driver?.setOrders(mine);
  }
}
