import { createStore, type StoreApi } from 'zustand/vanilla';
import type { BookView } from '../../src-shared/ipc/contract';
import { priceNeedsConfirming } from '../trading/priceGuard';
import type { TradingSelection } from '../trading/selectionStore';
import type { LadderDesk } from './LadderDesk';
import type { Side } from './LadderDriver';
import type { PriceScale } from './PriceScale';
import { quantityText } from './quantityText';

/** What the ladder's trading reads at the moment of a click: never a copy from an older render. */
export interface LadderContext {
  /** Where its orders go. */
  readonly desk: LadderDesk;
  readonly scale: PriceScale;
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
 * confirm mode?), then sent to its desk over IPC; what main or the gateway says back is the
 * message. The same checks guard a contract's ladder and an aggregated instrument's.
 */
export class LadderTrading {
  readonly state: StoreApi<LadderTradingState> = createStore<LadderTradingState>(() => ({ message: null, confirmation: null }));

  constructor(private readonly context: LadderContext) {}

  place(side: Side, tick: number): void {
    const blocked = this.context.block('order');
    if (blocked !== null) return this.say(`Not sent: ${blocked}`, true);
    const quantity = this.context.settings().quantity;
    if (quantity === null) return this.say('Not sent: enter a quantity above zero', true);
    const { desk, scale } = this.context;
    const price = scale.priceOf(tick);
    const { trader, account } = this.context.selection();
    const title = `${side === 'buy' ? 'Buy' : 'Sell'} ${quantityText(quantity)} ${desk.name} @ ${price} for ${account}`;
    this.guarded(tick, title, () => {
      desk
        .submit({ trader: trader!, account, side, quantity, price })
        .then(
          () => this.say(`Sent: ${title}`, false),
          (error: unknown) => this.say(`Refused: ${title}: ${messageOf(error)}`, true),
        );
    });
  }

  cancel(keys: readonly string[]): void {
    const blocked = this.context.block('cancel');
    if (blocked !== null) return this.say(`Not cancelled: ${blocked}`, true);
    for (const key of keys) this.context.desk.cancel(key).catch((error: unknown) => this.say(`Cancel refused: ${messageOf(error)}`, true));
    this.say(`Cancelling ${keys.length === 1 ? 'the order' : `${keys.length} orders`}`, false);
  }

  /** Cancel/replace to a new price: the orders keep their quantity. */
  move(keys: readonly string[], side: Side, fromTick: number, toTick: number): void {
    const blocked = this.context.block('order');
    if (blocked !== null) return this.say(`Not moved: ${blocked}`, true);
    const { scale, desk } = this.context;
    const price = scale.priceOf(toTick);
    const title = `Move ${side === 'buy' ? 'buy' : 'sell'} ${keys.length === 1 ? 'order' : `${keys.length} orders`} from ${scale.priceOf(fromTick)} to ${price}`;
    this.guarded(toTick, title, () => {
      for (const key of keys) desk.move(key, price).catch((error: unknown) => this.say(`Move refused: ${messageOf(error)}`, true));
      this.say(`Moving to ${price}`, false);
    });
  }

  /** Cancels the trader's working orders in this instrument and account. */
  cancelAll(): void {
    const blocked = this.context.block('cancel');
    if (blocked !== null) return this.say(`Not cancelled: ${blocked}`, true);
    const { trader, account } = this.context.selection();
    this.context.desk
      .cancelAll({ trader: trader!, account })
      .then(
        ({ count }) => this.say(count === 0 ? 'No working orders to cancel' : `Cancelling ${count} ${count === 1 ? 'order' : 'orders'}`, false),
        (error: unknown) => this.say(`Cancel all refused: ${messageOf(error)}`, true),
      );
  }

  /** Cancels the working orders and closes the position in this instrument and account. */
  flatten(): void {
    const { desk } = this.context;
    const flatten = desk.flatten?.bind(desk);
    if (!flatten) return this.say(`Not flattened: ${desk.name} has no position of its own; flatten its legs`, true);
    const blocked = this.context.block('order');
    if (blocked !== null) return this.say(`Not flattened: ${blocked}`, true);
    const { trader, account } = this.context.selection();
    const run = (): void => {
      flatten({ trader: trader!, account }).then(
        ({ key }) => this.say(key === null ? `Flat: no ${desk.name} position in ${account}` : `Flattening ${desk.name} in ${account}`, false),
        (error: unknown) => this.say(`Flatten refused: ${messageOf(error)}`, true),
      );
    };
    if (this.context.settings().confirmOrders) this.ask({ title: `Flatten ${desk.name} in ${account}`, reason: null, run });
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
    const reason = priceNeedsConfirming(tick, this.context.book(), guardTicks, (t) => this.context.scale.priceOf(t));
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
