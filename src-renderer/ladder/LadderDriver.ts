import type { BookView } from '../../src-shared/ipc/contract/trading';
import type { BookStore } from './BookStore';
import { isLadderColumn } from './LadderColumns';
import { LadderFrame, RowFlag } from './LadderFrame';
import { LadderGrid } from './LadderGrid';
import { FrameScheduler } from './FrameScheduler';
import { PriceColumn } from './PriceColumn';
import { tickScale, type PriceScale } from './PriceScale';
import type { WorkingOrders } from './WorkingOrders';

export type Side = 'buy' | 'sell';

/** What the trader asked for on the ladder; the panel decides whether it may go out. */
export interface LadderIntents {
  place(side: Side, tick: number): void;
  cancel(keys: readonly string[]): void;
  move(keys: readonly string[], side: Side, fromTick: number, toTick: number): void;
}

export interface LadderDriverOptions {
  /** Recentre when the inside market comes within this many rows of an edge (0 = off). */
  autoCentreMargin: number;
}

/** What makes one ladder differ from another beyond its book (an aggregated instrument's, SPEC §6). */
export interface LadderParts {
  /** The prices of its rows; by default the ticks of the book's tick size. */
  readonly scale?: PriceScale;
  /** A tooltip for a bid or ask cell at a step (an aggregated level's legs), read when hovered. */
  readonly marketTitle?: (side: 'bid' | 'ask', step: number) => string | null;
}

interface Drag {
  readonly side: Side;
  readonly keys: readonly string[];
  readonly fromRow: number;
  readonly fromTick: number;
  targetRow: number;
}

/**
 * One ladder outside React: a static price column over a book store and the trader's working
 * orders, drawn at most once a frame and only when something changed, plus the pointer and
 * keyboard gestures that turn into intents. Clicks map through the ticks drawn last, so an
 * order goes to the price on screen.
 */
export class LadderDriver {
  readonly grid: LadderGrid;
  readonly column = new PriceColumn(1);
  private readonly frame = new LadderFrame();
  private readonly scheduler: FrameScheduler;
  private readonly stop: (() => void)[] = [];
  private scale: PriceScale | null;
  private orders: WorkingOrders | null = null;
  private cursorRow = -1;
  private pointerInside = false;
  private drag: Drag | null = null;
  private centred = false;
  private drawnSeq = -1;
  private width = 0;
  private draws = 0;

  constructor(
    readonly host: HTMLElement,
    private readonly store: BookStore,
    private readonly intents: LadderIntents,
    private options: LadderDriverOptions,
    idPrefix: string,
    rowHeight = 18,
    private readonly parts: LadderParts = {},
  ) {
    this.scale = parts.scale ?? null;
    this.grid = new LadderGrid(idPrefix, this.scale ?? tickScale('1'), rowHeight);
    host.append(this.grid.element);
    this.scheduler = new FrameScheduler(() => this.draw());
    this.stop.push(store.onChange(() => this.scheduler.request()));
    const resize = new ResizeObserver(() => this.fitRows());
    resize.observe(host);
    this.stop.push(() => resize.disconnect());
    this.listen();
    this.fitRows();
  }

  /** Frames drawn, and the sequence number of the book in the last one. */
  get stats(): { draws: number; seq: number } {
    return { draws: this.draws, seq: this.drawnSeq };
  }

  /** The prices of the rows, once known (from the book when it brings its tick size). */
  get priceStep(): PriceScale | null {
    return this.scale;
  }

  setOrders(orders: WorkingOrders | null): void {
    this.orders = orders;
    this.scheduler.request();
  }

  setOptions(options: LadderDriverOptions): void {
    this.options = options;
    this.scheduler.request();
  }

  /** Puts the inside market (else the last trade) in the middle row, and the keyboard cursor on it. */
  recentre(): void {
    const inside = insideTick(this.store.book);
    if (inside === null) return;
    this.column.centreOn(inside);
    if (this.cursorRow >= 0) this.cursorRow = this.column.rowOf(inside);
    this.scheduler.request();
  }

  scroll(rows: number): void {
    if (this.column.scroll(rows)) this.scheduler.request();
  }

  dispose(): void {
    this.scheduler.dispose();
    for (const stop of this.stop) stop();
    this.grid.element.remove();
  }

  private draw(): void {
    const book = this.store.book;
    if (book) {
      if (this.parts.scale === undefined && this.scale?.id !== `tick:${book.tickSize}`) {
        this.scale = tickScale(book.tickSize);
        this.grid.setScale(this.scale);
      }
      const inside = insideTick(book);
      if (inside !== null) {
        const auto = this.options.autoCentreMargin > 0 && !this.pointerInside && this.drag === null && this.column.nearEdge(inside, this.options.autoCentreMargin);
        if (!this.centred || auto) {
          this.column.centreOn(inside);
          this.centred = true;
        }
      }
    }
    this.frame.fill(this.column, book, this.orders, this.cursorRow);
    if (this.drag && this.drag.targetRow !== this.drag.fromRow && this.drag.targetRow >= 0) {
      this.frame.flags[this.drag.targetRow]! |= RowFlag.dropTarget;
    }
    this.grid.draw(this.frame, this.width);
    this.grid.markInside(book?.bids[0], book?.asks[0], book?.lastTick ?? undefined);
    this.drawnSeq = book?.seq ?? -1;
    this.draws++;
    if (this.cursorRow >= 0) this.grid.element.setAttribute('aria-activedescendant', this.grid.rowId(this.cursorRow));
    else this.grid.element.removeAttribute('aria-activedescendant');
  }

  /** Reads the host's size (after a resize only: reading layout while drawing would force it). */
  private fitRows(): void {
    this.width = this.grid.body.clientWidth;
    const rows = Math.max(5, Math.floor(this.grid.body.clientHeight / this.grid.rowHeight));
    if (this.column.resize(rows)) {
      if (this.cursorRow >= rows) this.cursorRow = rows - 1;
    }
    this.scheduler.request();
  }

  private listen(): void {
    const element = this.grid.element;
    const on = <K extends keyof HTMLElementEventMap>(type: K, listener: (event: HTMLElementEventMap[K]) => void): void => {
      element.addEventListener(type, listener);
      this.stop.push(() => element.removeEventListener(type, listener));
    };
    on('pointerenter', () => (this.pointerInside = true));
    on('pointerleave', () => (this.pointerInside = false));
    on('pointerdown', (event) => this.pointerDown(event));
    on('pointermove', (event) => {
      this.pointerMove(event);
      this.titleMarket(event);
    });
    on('pointerup', (event) => this.pointerUp(event));
    on('pointercancel', () => this.endDrag());
    on('wheel', (event) => {
      event.preventDefault();
      this.scroll(event.deltaY < 0 ? 3 : -3);
    });
    on('keydown', (event) => this.key(event));
    on('focus', () => {
      if (this.cursorRow < 0) this.setCursor(Math.floor(this.column.rows / 2));
    });
  }

  private target(event: Event): { row: number; column: string | undefined } | null {
    const cell = (event.target as Element | null)?.closest<HTMLElement>('[data-col]');
    const row = cell?.parentElement?.dataset.row;
    return cell && row !== undefined ? { row: Number(row), column: cell.dataset.col } : null;
  }

  private pointerDown(event: PointerEvent): void {
    if (event.button !== 0) return;
    const at = this.target(event);
    if (!at || !isLadderColumn(at.column)) return;
    const tick = this.grid.tickAt(at.row);
    if (tick === undefined) return;
    this.setCursor(at.row);
    const side: Side | null = at.column === 'buys' ? 'buy' : at.column === 'sells' ? 'sell' : null;
    const orders = side ? this.orders?.at(side, tick) : undefined;
    if (side && orders && !orders.pending) {
      // On a working order: a click cancels it, a drag moves it (decided on release).
      this.drag = { side, keys: orders.keys, fromRow: at.row, fromTick: tick, targetRow: at.row };
      this.grid.element.dataset.dragSide = side;
      this.grid.element.setPointerCapture(event.pointerId);
      event.preventDefault();
      return;
    }
    if (at.column === 'bid' || at.column === 'buys') this.intents.place('buy', tick);
    else if (at.column === 'ask' || at.column === 'sells') this.intents.place('sell', tick);
  }

  /** Writes the hovered bid or ask cell's tooltip as the book is now (only when it says something else). */
  private titleMarket(event: PointerEvent): void {
    const describe = this.parts.marketTitle;
    if (!describe || this.drag) return;
    const at = this.target(event);
    if (!at || (at.column !== 'bid' && at.column !== 'ask')) return;
    const step = this.grid.tickAt(at.row);
    const cell = (event.target as Element).closest<HTMLElement>('[data-col]')!;
    const title = step === undefined ? null : describe(at.column, step);
    if (title === null) cell.removeAttribute('title');
    else if (cell.title !== title) cell.title = title;
  }

  private pointerMove(event: PointerEvent): void {
    if (!this.drag) return;
    const target = this.grid.rowAtY(event.clientY);
    if (target !== this.drag.targetRow) {
      this.drag.targetRow = target;
      this.scheduler.request();
    }
  }

  private pointerUp(event: PointerEvent): void {
    const drag = this.drag;
    if (!drag) return;
    this.pointerMove(event);
    this.endDrag();
    if (drag.targetRow === drag.fromRow) this.intents.cancel(drag.keys);
    else if (drag.targetRow >= 0) {
      const toTick = this.grid.tickAt(drag.targetRow);
      if (toTick !== undefined && toTick !== drag.fromTick) this.intents.move(drag.keys, drag.side, drag.fromTick, toTick);
    }
  }

  private endDrag(): void {
    if (!this.drag) return;
    this.drag = null;
    delete this.grid.element.dataset.dragSide;
    this.scheduler.request();
  }

  private key(event: KeyboardEvent): void {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const rows = this.column.rows;
    const handled = ((): boolean => {
      switch (event.key) {
        case 'ArrowUp':
          this.moveCursor(-1);
          return true;
        case 'ArrowDown':
          this.moveCursor(1);
          return true;
        case 'PageUp':
          this.moveCursor(-(rows - 1));
          return true;
        case 'PageDown':
          this.moveCursor(rows - 1);
          return true;
        case 'c':
        case 'C':
          this.recentre();
          return true;
        case 'b':
        case 'B':
        case 's':
        case 'S': {
          const tick = this.grid.tickAt(this.cursorRow);
          if (tick !== undefined) this.intents.place(event.key.toLowerCase() === 'b' ? 'buy' : 'sell', tick);
          return true;
        }
        case 'Delete':
        case 'Backspace': {
          const tick = this.grid.tickAt(this.cursorRow);
          if (tick === undefined) return true;
          const keys = [...(this.orders?.at('buy', tick)?.keys ?? []), ...(this.orders?.at('sell', tick)?.keys ?? [])];
          if (keys.length > 0) this.intents.cancel(keys);
          return true;
        }
        default:
          return false;
      }
    })();
    if (handled) event.preventDefault();
  }

  /** Moves the keyboard cursor; past an edge the prices scroll instead. */
  private moveCursor(delta: number): void {
    const rows = this.column.rows;
    const start = this.cursorRow < 0 ? Math.floor(rows / 2) : this.cursorRow;
    const next = start + delta;
    if (next < 0) this.column.scroll(-next);
    else if (next >= rows) this.column.scroll(rows - 1 - next);
    this.setCursor(Math.min(rows - 1, Math.max(0, next)));
  }

  private setCursor(row: number): void {
    this.cursorRow = row;
    this.scheduler.request();
  }
}

/** The middle of the inside market (best bid), else the best of one side, else the last trade. */
export function insideTick(book: BookView | null): number | null {
  if (!book) return null;
  const bid = book.bids[0];
  const ask = book.asks[0];
  if (bid !== undefined && ask !== undefined) return Math.floor((bid + ask) / 2);
  return bid ?? ask ?? book.lastTick;
}
