import { createStore, type StoreApi } from 'zustand/vanilla';
import type { IpcClient } from '../../src-shared/ipc/client';
import type { BookView } from '../../src-shared/ipc/contract';
import type { TickSize } from '../../src-shared/pricing';
import { priceNeedsConfirming } from '../trading/priceGuard';
import type { TradingSelection } from '../trading/selectionStore';
import type { Side } from './LadderDriver';
import { quantityText } from './quantityText';

export interface LadderInstrument {
  readonly connectionId: string;
  readonly exchange: string;
  readonly symbol: string;
}

/** What the ladder's trading reads at the moment of a click: never a copy from an older render. */
export interface LadderContext {
  readonly instrument: LadderInstrument;
  readonly tickSize: TickSize;
  /** Why orders (or cancels) may not go out now, or null. */
  block(purpose: 'order' | 'cancel'): string | null;
  book(): BookView | null;
  selection(): TradingSelection;
  settings(): { quantity: number | null; confirmOrders: boolean; guardTicks: number };
}

export interface LadderMessage {
  readonly text: string;
  readonly bad: boolean;
}

/** An action waiting for the trader's yes: confirm mode, or the price guard. */
export interface PendingConfirmation {
  readonly title: string;
  /** Why it asks (the price guard's reason), or null in plain confirm mode. */
  readonly reason: string | null;
  readonly run: () => void;
}

export interface LadderTradingState {
  readonly message: LadderMessage | null;
  readonly confirmation: PendingConfirmation | null;
}

/**
 * The ladder's orders: each intent is checked (blocked? quantity? too far from the market?
 * confirm mode?), then sent over IPC; what main or the gateway says back is the message.
 */
export class LadderTrading {
  readonly state: StoreApi<LadderTradingState> = createStore<LadderTradingState>(() => ({ message: null, confirmation: null }));

  constructor(
    private readonly client: IpcClient,
    private readonly context: LadderContext,
  ) {}

  place(side: Side, tick: number): void {
    const blocked = this.context.block('order');
    if (blocked !== null) return this.say(`Not sent: ${blocked}`, true);
    const quantity = this.context.settings().quantity;
    if (quantity === null) return this.say('Not sent: enter a quantity above zero', true);
    const { instrument, tickSize } = this.context;
    const price = tickSize.priceOf(tick);
    const { trader, account } = this.context.selection();
    const title = `${side === 'buy' ? 'Buy' : 'Sell'} ${quantityText(quantity)} ${instrument.symbol} @ ${price} for ${account}`;
    this.guarded(tick, title, () => {
      this.client
        .call('orders.submit', {
          connectionId: instrument.connectionId,
          trader: trader!,
          account,
          exchange: instrument.exchange,
          symbol: instrument.symbol,
          side,
          type: 'limit',
          tif: 'day',
          quantity,
          price,
        })
        .then(
          () => this.say(`Sent: ${title}`, false),
          (error: unknown) => this.say(`Refused: ${title}: ${messageOf(error)}`, true),
        );
    });
  }

  cancel(keys: readonly string[]): void {
    const blocked = this.context.block('cancel');
    if (blocked !== null) return this.say(`Not cancelled: ${blocked}`, true);
    for (const key of keys) this.client.call('orders.cancel', { key }).catch((error: unknown) => this.say(`Cancel refused: ${messageOf(error)}`, true));
    this.say(`Cancelling ${keys.length === 1 ? 'the order' : `${keys.length} orders`}`, false);
  }

  /** Cancel/replace to a new price: the orders keep their quantity. */
  move(keys: readonly string[], side: Side, fromTick: number, toTick: number): void {
    const blocked = this.context.block('order');
    if (blocked !== null) return this.say(`Not moved: ${blocked}`, true);
    const { tickSize } = this.context;
    const price = tickSize.priceOf(toTick);
    const title = `Move ${side === 'buy' ? 'buy' : 'sell'} ${keys.length === 1 ? 'order' : `${keys.length} orders`} from ${tickSize.priceOf(fromTick)} to ${price}`;
    this.guarded(toTick, title, () => {
      for (const key of keys) this.client.call('orders.replace', { key, price }).catch((error: unknown) => this.say(`Move refused: ${messageOf(error)}`, true));
      this.say(`Moving to ${price}`, false);
    });
  }

  /** Cancels the trader's working orders in this instrument and account. */
  cancelAll(): void {
    const blocked = this.context.block('cancel');
    if (blocked !== null) return this.say(`Not cancelled: ${blocked}`, true);
    const { instrument } = this.context;
    const { trader, account } = this.context.selection();
    this.client
      .call('orders.cancelAll', {
        trader: trader!,
        connectionId: instrument.connectionId,
        exchange: instrument.exchange,
        symbol: instrument.symbol,
        ...(account === '' ? {} : { account }),
      })
      .then(
        ({ count }) => this.say(count === 0 ? 'No working orders to cancel' : `Cancelling ${count} ${count === 1 ? 'order' : 'orders'}`, false),
        (error: unknown) => this.say(`Cancel all refused: ${messageOf(error)}`, true),
      );
  }

  /** Cancels the working orders and closes the position in this instrument and account. */
  flatten(): void {
    const blocked = this.context.block('order');
    if (blocked !== null) return this.say(`Not flattened: ${blocked}`, true);
    const { instrument } = this.context;
    const { trader, account } = this.context.selection();
    const run = (): void => {
      this.client
        .call('orders.flatten', { connectionId: instrument.connectionId, trader: trader!, account, exchange: instrument.exchange, symbol: instrument.symbol })
        .then(
          ({ key }) => this.say(key === null ? `Flat: no ${instrument.symbol} position in ${account}` : `Flattening ${instrument.symbol} in ${account}`, false),
          (error: unknown) => this.say(`Flatten refused: ${messageOf(error)}`, true),
        );
    };
    if (this.context.settings().confirmOrders) this.ask({ title: `Flatten ${instrument.symbol} in ${account}`, reason: null, run });
    else run();
  }

  confirm(): void {
    const pending = this.state.getState().confirmation;
    if (!pending) return;
    this.state.setState({ confirmation: null });
    // The market or the session may have changed while the dialog was open.
    const blocked = this.context.block('order');
    if (blocked !== null) return this.say(`Not sent: ${blocked}`, true);
    pending.run();
  }

  dismiss(): void {
    if (this.state.getState().confirmation) this.state.setState({ confirmation: null, message: { text: 'Not sent: not confirmed', bad: false } });
  }

  clearMessage(): void {
    this.state.setState({ message: null });
  }

  private guarded(tick: number, title: string, run: () => void): void {
    const { guardTicks, confirmOrders } = this.context.settings();
    const reason = priceNeedsConfirming(tick, this.context.book(), guardTicks, (t) => this.context.tickSize.priceOf(t));
    if (reason !== null || confirmOrders) this.ask({ title, reason, run });
    else run();
  }

  private ask(confirmation: PendingConfirmation): void {
    this.state.setState({ confirmation });
  }

  private say(text: string, bad: boolean): void {
    this.state.setState({ message: { text, bad } });
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
