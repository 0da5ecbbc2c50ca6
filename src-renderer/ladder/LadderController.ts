import { TickSize } from '../../src-shared/pricing';
import type { Services } from '../app/services';
import { tradingBlock } from '../trading/tradingBlock';
import type { BookStore } from './BookStore';
import { contractDesk } from './LadderDesk';
import { LadderPanelController } from './LadderPanelController';
import { tickScale, type PriceScale } from './PriceScale';
import { LadderTrading } from './LadderTrading';
import { WorkingOrders } from './WorkingOrders';

export interface LadderInstrumentTerms {
  readonly connectionId: string;
  readonly exchange: string;
  readonly symbol: string;
  readonly tickSize: string;
}

export type { LadderTradingSettings, LadderUiState } from './LadderPanelController';

/**
 * One contract's ladder panel outside React: its book feed, the driver drawing it, the trader's
 * working orders and the trading checks, all kept current from the stores. React shows its `ui`
 * and `trading.state` and passes the trader's settings in.
 */
export class LadderController extends LadderPanelController {
  readonly trading: LadderTrading;
  readonly tickSize: TickSize;
  private readonly scale: PriceScale;
  private store: BookStore | null = null;

  constructor(
    services: Services,
    readonly instrument: LadderInstrumentTerms,
    idPrefix: string,
  ) {
    super(services, idPrefix);
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
    const { books } = this.services;
    const { store, release } = books.acquire(this.instrument);
    this.store = store;
    const driver = this.startDriver(host, store, `${this.instrument.exchange} ${this.instrument.symbol} price ladder`);
    const stops = this.follow(store, this.instrument.connectionId, () => books.retry(this.instrument));
    this.refreshOrders();
    this.refreshBlock();
    return () => {
      for (const stop of stops) stop();
      driver.dispose();
      release();
      if (this.driver === driver) this.driver = null;
    };
  }

  protected blockFor(purpose: 'order' | 'cancel'): string | null {
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

  protected refreshOrders(): void {
    const { trader, account, connectionId } = this.services.selection.getState();
    const { exchange, symbol } = this.instrument;
    const mine =
      trader === null || connectionId !== this.instrument.connectionId
        ? null
        : WorkingOrders.of(this.services.orders.all(), this.scale, (order) => order.connectionId === connectionId && order.exchange === exchange && order.symbol === symbol && order.trader.toLowerCase() === trader.toLowerCase() && order.account === account);
    this.driver?.setOrders(mine);
  }
}
