import { createStore, type StoreApi } from 'zustand/vanilla';
import { AggregatedLattice } from '../../../src-shared/aggregator';
import type { AggregatorDefinition } from '../../../src-shared/ipc/contract';
import { followParents, ParentOrdersStore } from '../../aggregator/ParentOrdersStore';
import type { Services } from '../../app/services';
import { tradingBlock } from '../../trading/tradingBlock';
import type { LadderTradingSettings, LadderUiState } from '../LadderController';
import { LadderDriver } from '../LadderDriver';
import { latticeScale, type PriceScale } from '../PriceScale';
import { LadderTrading } from '../LadderTrading';
import { AggregatedBook } from './AggregatedBook';
import { aggregatedDesk } from './aggregatedDesk';
import { aggregatedOrders, workingParentKeys } from './aggregatedOrders';

/** Rows from an edge at which auto-recentre acts (as on a contract's ladder). */
const autoCentreMargin = 4;

/**
 * An aggregated instrument's ladder outside React (SPEC §5, §6): the same driver and trading
 * checks as a contract's ladder, over rows of the instrument's lattice. Its book is main's
 * merged depth of the legs; its orders are the trader's parents with their children in leg
 * colours; clicks send parent orders.
 */
export class AggregatedLadderController {
  readonly ui: StoreApi<LadderUiState> = createStore<LadderUiState>(() => ({ block: 'Connecting…' }));
  readonly trading: LadderTrading;
  readonly book: AggregatedBook;
  readonly lattice: AggregatedLattice;
  private readonly scale: PriceScale;
  private readonly parents = new ParentOrdersStore();
  private settings: LadderTradingSettings = { quantity: 1, confirmOrders: false, guardTicks: 20, autoCentre: true };
  private driver: LadderDriver | null = null;

  /** Throws a PricingError when the definition's legs give no lattice (the panel shows why). */
  constructor(
    private readonly services: Services,
    readonly definition: AggregatorDefinition,
    private readonly idPrefix: string,
  ) {
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
    const { link, orders, selection, connections, status } = this.services;
    const { store } = this.book;
    const driver = new LadderDriver(
      host,
      store,
      {
        place: (side, row) => this.trading.place(side, row),
        cancel: (keys) => this.trading.cancel(keys),
        move: (keys, side, fromRow, toRow) => this.trading.move(keys, side, fromRow, toRow),
      },
      { autoCentreMargin: this.settings.autoCentre ? autoCentreMargin : 0 },
      this.idPrefix,
      18,
      { scale: this.scale, marketTitle: (side, row) => this.book.levelTitle(side, row) },
    );
    this.driver = driver;
    driver.grid.element.setAttribute('aria-label', `${this.definition.name} aggregated price ladder`);
    let stopBook = this.subscribeBook();
    const stops = [
      followParents(link.client, this.parents),
      this.parents.onChange(() => this.refreshOrders()),
      store.onChange(() => this.refreshBlock()),
      orders.onChange(() => this.refreshOrders()),
      selection.subscribe(() => {
        this.refreshOrders();
        this.refreshBlock();
      }),
      connections.subscribe(() => {
        this.refreshBlock();
        // A feed main ended (asked for before the session was up) starts again once it is.
        const connection = connections.getState().connections.find((c) => c.id === this.definition.connectionId);
        if (connection?.loggedOnAs != null && store.feed.kind === 'ended') {
          stopBook();
          stopBook = this.subscribeBook();
        }
      }),
      status.subscribe(() => this.refreshBlock()),
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

  setSettings(settings: LadderTradingSettings): void {
    const autoChanged = settings.autoCentre !== this.settings.autoCentre;
    this.settings = settings;
    if (autoChanged) this.driver?.setOptions({ autoCentreMargin: settings.autoCentre ? autoCentreMargin : 0 });
  }

  recentre(): void {
    this.driver?.recentre();
  }

  focus(): void {
    this.driver?.grid.element.focus();
  }

  private subscribeBook(): () => void {
    return this.services.link.client.subscribe(
      'aggregator.book',
      { definitionId: this.definition.id },
      (view) => this.book.set(view),
      (error) => this.book.end(error?.message ?? 'main closed the aggregated book stream'),
    );
  }

  private blockFor(purpose: 'order' | 'cancel'): string | null {
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

  private refreshBlock(): void {
    const block = this.blockFor('order');
    if (block !== this.ui.getState().block) this.ui.setState({ block });
  }

  private refreshOrders(): void {
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
