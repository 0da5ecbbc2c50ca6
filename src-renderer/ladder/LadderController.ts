import { createStore, type StoreApi } from 'zustand/vanilla';
import { TickSize } from '../../src-shared/pricing';
import type { Services } from '../app/services';
import { tradingBlock } from '../trading/tradingBlock';
import type { BookStore } from './BookStore';
import { contractDesk } from './LadderDesk';
import { LadderDriver } from './LadderDriver';
import { tickScale, type PriceScale } from './PriceScale';
import { LadderTrading } from './LadderTrading';
import { WorkingOrders } from './WorkingOrders';

export interface LadderInstrumentTerms {
  readonly connectionId: string;
  readonly exchange: string;
  readonly symbol: string;
  readonly tickSize: string;
}

export interface LadderTradingSettings {
  readonly quantity: number | null;
  readonly confirmOrders: boolean;
  readonly guardTicks: number;
  readonly autoCentre: boolean;
}

export interface LadderUiState {
  /** Why orders may not go out now (shown on the ladder), or null. */
  readonly block: string | null;
}

/** Rows from an edge at which auto-recentre acts. */
const autoCentreMargin = 4;

/**
 * One ladder panel outside React: its book feed, the driver drawing it, the trader's working
 * orders and the trading checks, all kept current from the stores. React shows its `ui` and
 * `trading.state` and passes the trader's settings in.
 */
export class LadderController {
  readonly ui: StoreApi<LadderUiState> = createStore<LadderUiState>(() => ({ block: 'Connecting…' }));
  readonly trading: LadderTrading;
  readonly tickSize: TickSize;
  private readonly scale: PriceScale;
  private settings: LadderTradingSettings = { quantity: 1, confirmOrders: false, guardTicks: 20, autoCentre: true };
  private driver: LadderDriver | null = null;
  private store: BookStore | null = null;

  constructor(
    private readonly services: Services,
    readonly instrument: LadderInstrumentTerms,
    private readonly idPrefix: string,
  ) {
    this.tickSize = TickSize.parse(instrument.tickSize);
    this.scale = tickScale(this.tickSize);
    this.trading = new LadderTrading({
      desk: contractDesk(services.link.client, instrument),
      scale: this.scale,
      block: (purpose) => this.blockFor(purpose),
      book: () => this.store?.book ?? null,
      selection: () => services.selection.getState(),
      settings: () => this.settings,
    });
  }

  /** Starts the feed and draws into `host`; returns what stops both (React may attach twice). */
  attach(host: HTMLElement): () => void {
    const { books, orders, selection, connections, status } = this.services;
    const { store, release } = books.acquire(this.instrument);
    this.store = store;
    const driver = new LadderDriver(
      host,
      store,
      {
        place: (side, tick) => this.trading.place(side, tick),
        cancel: (keys) => this.trading.cancel(keys),
        move: (keys, side, fromTick, toTick) => this.trading.move(keys, side, fromTick, toTick),
      },
      { autoCentreMargin: this.settings.autoCentre ? autoCentreMargin : 0 },
      this.idPrefix,
    );
    this.driver = driver;
    driver.grid.element.setAttribute('aria-label', `${this.instrument.exchange} ${this.instrument.symbol} price ladder`);
    const stops = [
      store.onChange(() => this.refreshBlock()),
      orders.onChange(() => this.refreshOrders()),
      selection.subscribe(() => {
        this.refreshOrders();
        this.refreshBlock();
      }),
      connections.subscribe(() => {
        this.refreshBlock();
        // A feed main ended (e.g. asked for before logon) starts again once the session is up.
        const connection = connections.getState().connections.find((c) => c.id === this.instrument.connectionId);
        if (connection?.loggedOnAs != null && store.feed.kind === 'ended') books.retry(this.instrument);
      }),
      status.subscribe(() => this.refreshBlock()),
    ];
    this.refreshOrders();
    this.refreshBlock();
    return () => {
      for (const stop of stops) stop();
      driver.dispose();
      release();
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

  private blockFor(purpose: 'order' | 'cancel'): string | null {
    const { connections, status, selection } = this.services;
    const store = this.store;
    return tradingBlock(
      {
        linkLost: status.getState().lost,
        selection: selection.getState(),
        connection: connections.getState().connections.find((c) => c.id === this.instrument.connectionId),
        instrument: this.instrument,
        book: store?.book ?? null,
        bookEnded: store?.feed.kind === 'ended' ? store.feed.reason : null,
      },
      purpose,
    );
  }

  private refreshBlock(): void {
    const block = this.blockFor('order');
    if (block !== this.ui.getState().block) this.ui.setState({ block });
  }

  private refreshOrders(): void {
    const { trader, account, connectionId } = this.services.selection.getState();
    const { exchange, symbol } = this.instrument;
    const mine =
      trader === null || connectionId !== this.instrument.connectionId
        ? null
        : WorkingOrders.of(this.services.orders.all(), this.scale, (order) => order.connectionId === connectionId && order.exchange === exchange && order.symbol === symbol && order.trader.toLowerCase() === trader.toLowerCase() && order.account === account);
    this.driver?.setOrders(mine);
  }
}
