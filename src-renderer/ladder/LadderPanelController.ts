import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Services } from '../app/services';
import type { BookStore } from './BookStore';
import { LadderDriver, type LadderParts } from './LadderDriver';
import type { LadderTrading } from './LadderTrading';

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
 * What every ladder panel does outside React, whatever it trades (a contract, an aggregated
 * instrument): the driver drawing its book with clicks going to its trading checks, the
 * trader's settings, and the block reason kept current from the stores it follows. A ladder
 * says what blocks it and which orders are the trader's.
 */
export abstract class LadderPanelController {
  readonly ui: StoreApi<LadderUiState> = createStore<LadderUiState>(() => ({ block: 'Connecting…' }));
  abstract readonly trading: LadderTrading;
  protected settings: LadderTradingSettings = { quantity: 1, confirmOrders: false, guardTicks: 20, autoCentre: true };
  protected driver: LadderDriver | null = null;

  constructor(
    protected readonly services: Services,
    private readonly idPrefix: string,
  ) {}

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

  protected abstract blockFor(purpose: 'order' | 'cancel'): string | null;
  protected abstract refreshOrders(): void;

  /** The driver over `store` in `host`, its clicks going to the trading checks. */
  protected startDriver(host: HTMLElement, store: BookStore, label: string, parts: LadderParts = {}): LadderDriver {
    const driver = new LadderDriver(
      host,
      store,
      {
        place: (side, step) => this.trading.place(side, step),
        cancel: (keys) => this.trading.cancel(keys),
        move: (keys, side, fromStep, toStep) => this.trading.move(keys, side, fromStep, toStep),
      },
      { autoCentreMargin: this.settings.autoCentre ? autoCentreMargin : 0 },
      this.idPrefix,
      undefined,
      parts,
    );
    driver.grid.element.setAttribute('aria-label', label);
    this.driver = driver;
    return driver;
  }

  /** What every ladder follows: its book, the orders, the selection, the session and main's link; returns the stops. */
  protected follow(store: BookStore, connectionId: string, restartFeed: () => void): Array<() => void> {
    const { orders, selection, connections, status } = this.services;
    return [
      store.onChange(() => this.refreshBlock()),
      orders.onChange(() => this.refreshOrders()),
      selection.subscribe(() => {
        this.refreshOrders();
        this.refreshBlock();
      }),
      connections.subscribe(() => {
        this.refreshBlock();
        // A feed main ended (asked for before the session was up) starts again once it is.
        const connection = connections.getState().connections.find((c) => c.id === connectionId);
        if (connection?.loggedOnAs != null && store.feed.kind === 'ended') restartFeed();
      }),
      status.subscribe(() => this.refreshBlock()),
    ];
  }

  protected refreshBlock(): void {
    const block = this.blockFor('order');
    if (block !== this.ui.getState().block) this.ui.setState({ block });
  }
}
