import { LadderCanvas, type ColumnSpan } from './LadderCanvas';
import { columnWidths, ladderColumns, type LadderColumnId } from './LadderColumns';
import { LadderFrame, marketFlags, RowFlag } from './LadderFrame';
import type { PriceScale } from './PriceScale';
import { quantityText } from './quantityText';
import type { OrdersAtPrice } from './WorkingOrders';

interface RowCells {
  readonly row: HTMLElement;
  readonly price: Text;
  readonly buys: Text;
  readonly sells: Text;
}

/**
 * The ladder on screen, in two layers. A canvas draws what moves with the market (bid, ask,
 * last traded quantity, volume, the inside and last-trade highlights). Over it, DOM rows give
 * the grid its structure for keyboard, screen readers and hit testing, and show what moves
 * only with the trader (prices, which change on a recentre; the trader's orders; the cursor).
 * A feed at any rate costs canvas cells only; measured in bench/README.md (MD Trader ladder).
 */
export class LadderGrid {
  readonly element: HTMLElement;
  readonly body: HTMLElement;
  private readonly rowGroup: HTMLElement;
  private readonly canvas: LadderCanvas;
  /** The DOM layer's values as last written. */
  private readonly drawn = new LadderFrame();
  private cells: RowCells[] = [];
  /** What each row's order cells show beyond a quantity, as last written ('' for nothing). */
  private buyMarks: string[] = [];
  private sellMarks: string[] = [];
  private width = -1;

  constructor(
    private readonly idPrefix: string,
    private scale: PriceScale,
    readonly rowHeight: number,
  ) {
    this.element = document.createElement('div');
    this.element.className = 'ladder-grid';
    this.element.setAttribute('role', 'grid');
    this.element.tabIndex = 0;
    this.element.style.setProperty('--ladder-row-height', `${rowHeight}px`);
    const header = document.createElement('div');
    header.setAttribute('role', 'row');
    header.className = 'ladder-row ladder-row--header';
    for (const column of ladderColumns) {
      const cell = document.createElement('div');
      cell.setAttribute('role', 'columnheader');
      cell.className = `ladder-cell ladder-cell--${column.id}`;
      cell.title = column.description;
      cell.textContent = column.title;
      header.append(cell);
    }
    this.body = document.createElement('div');
    this.body.className = 'ladder-body';
    this.canvas = new LadderCanvas(rowHeight);
    this.rowGroup = document.createElement('div');
    this.rowGroup.setAttribute('role', 'rowgroup');
    this.rowGroup.className = 'ladder-rows';
    this.body.append(this.canvas.element, this.rowGroup);
    this.element.append(header, this.body);
  }

  get rows(): number {
    return this.cells.length;
  }

  /** The tick drawn on `row` in the last frame: what a click on that row means. */
  tickAt(row: number): number | undefined {
    return row >= 0 && row < this.cells.length ? this.drawn.ticks[row] : undefined;
  }

  /** The row under a viewport y coordinate, or -1. */
  rowAtY(clientY: number): number {
    const row = Math.floor((clientY - this.body.getBoundingClientRect().top) / this.rowHeight);
    return row >= 0 && row < this.cells.length ? row : -1;
  }

  rowId(row: number): string {
    return `${this.idPrefix}-row-${row}`;
  }

  /** What the market layer drew on `row`: bid and ask quantities (for checks against the book). */
  shownMarket(row: number): { bid: number | undefined; ask: number | undefined } {
    return { bid: this.canvas.shown(row, 'bids'), ask: this.canvas.shown(row, 'asks') };
  }

  /**
   * The inside market and the last trade as attributes of the grid (ticks), written only when
   * they move: what tests and assistive tools read, since the quantities are on the canvas.
   */
  markInside(bestBid: number | undefined, bestAsk: number | undefined, lastTick: number | undefined): void {
    for (const [attribute, tick] of [['data-best-bid', bestBid], ['data-best-ask', bestAsk], ['data-last-tick', lastTick]] as const) {
      const value = tick === undefined ? null : String(tick);
      if (this.element.getAttribute(attribute) === value) continue;
      if (value === null) this.element.removeAttribute(attribute);
      else this.element.setAttribute(attribute, value);
    }
  }

  setScale(scale: PriceScale): void {
    this.scale = scale;
    // Every price text is rewritten on the next draw.
    this.drawn.ticks.fill(Number.NaN);
  }

  /** Brings both layers to `frame`, touching only what changed since the last draw. */
  draw(frame: LadderFrame, width: number): void {
    if (frame.rows !== this.cells.length || width !== this.width) this.layout(frame.rows, width);
    this.canvas.draw(frame);
    const drawn = this.drawn;
    for (let row = 0; row < frame.rows; row++) {
      const cells = this.cells[row]!;
      const tick = frame.ticks[row]!;
      if (drawn.ticks[row] !== tick) {
        drawn.ticks[row] = tick;
        const price = this.scale.priceOf(tick);
        cells.price.nodeValue = price;
        cells.row.setAttribute('aria-label', price);
        cells.row.dataset.tick = String(tick);
      }
      const buys = frame.buys[row]!;
      if (drawn.buys[row] !== buys) {
        drawn.buys[row] = buys;
        cells.buys.nodeValue = quantityText(buys);
      }
      const sells = frame.sells[row]!;
      if (drawn.sells[row] !== sells) {
        drawn.sells[row] = sells;
        cells.sells.nodeValue = quantityText(sells);
      }
      const buyMarks = markKey(frame.buyMarks[row]);
      if (this.buyMarks[row] !== buyMarks) {
        this.buyMarks[row] = buyMarks;
        paintMarks(cells.buys.parentElement!, frame.buyMarks[row]);
      }
      const sellMarks = markKey(frame.sellMarks[row]);
      if (this.sellMarks[row] !== sellMarks) {
        this.sellMarks[row] = sellMarks;
        paintMarks(cells.sells.parentElement!, frame.sellMarks[row]);
      }
      const flags = frame.flags[row]! & ~marketFlags;
      if (drawn.flags[row] !== flags) {
        drawn.flags[row] = flags;
        cells.row.className = rowClass(flags);
        cells.row.setAttribute('aria-selected', String((flags & RowFlag.cursor) !== 0));
      }
    }
  }

  private layout(rows: number, width: number): void {
    this.width = width;
    const widths = columnWidths(width);
    const spans: ColumnSpan[] = [];
    let x = 0;
    ladderColumns.forEach((column, i) => {
      spans.push({ id: column.id, x, width: widths[i]! });
      x += widths[i]!;
    });
    this.element.style.setProperty('--ladder-columns', widths.map((w) => `${w}px`).join(' '));
    this.canvas.layout(spans, rows);
    if (rows !== this.cells.length) this.build(rows);
  }

  private build(rows: number): void {
    this.rowGroup.replaceChildren();
    this.cells = [];
    this.drawn.resize(rows);
    this.drawn.invalidate();
    this.buyMarks = new Array<string>(rows).fill('');
    this.sellMarks = new Array<string>(rows).fill('');
    for (let row = 0; row < rows; row++) {
      const element = document.createElement('div');
      element.setAttribute('role', 'row');
      element.id = this.rowId(row);
      element.dataset.row = String(row);
      const texts = new Map<LadderColumnId, Text>();
      for (const column of ladderColumns) {
        const cell = document.createElement('div');
        cell.setAttribute('role', column.id === 'price' ? 'rowheader' : 'gridcell');
        cell.className = `ladder-cell ladder-cell--${column.id}`;
        cell.dataset.col = column.id;
        const text = document.createTextNode('');
        cell.append(text);
        texts.set(column.id, text);
        element.append(cell);
      }
      this.rowGroup.append(element);
      this.cells.push({ row: element, price: texts.get('price')!, buys: texts.get('buys')!, sells: texts.get('sells')! });
    }
  }
}

/** Everything `paintMarks` shows, as one string: unchanged marks cost no DOM work. */
function markKey(at: OrdersAtPrice | undefined): string {
  if (at === undefined) return '';
  let key = `${at.quantity === 0 ? 'children' : 'parent'}|${at.band ?? ''}|${at.title ?? ''}`;
  for (const leg of at.legs ?? []) key += `|${leg.alias}:${leg.colour}:${leg.quantity}:${leg.price}`;
  return key;
}

/**
 * An Aggregator order's cell: the parent's band in the instrument's colour, and a chip per
 * child in its leg's colour with its open leg contracts (the alias and price in its tooltip).
 */
function paintMarks(cell: HTMLElement, at: OrdersAtPrice | undefined): void {
  if (at?.band === undefined) {
    cell.style.removeProperty('--ladder-band');
    delete cell.dataset.band;
  } else {
    cell.style.setProperty('--ladder-band', at.band);
    cell.dataset.band = at.band;
  }
  // Only children here (a parent rests on another row): chips without the order's background.
  if (at !== undefined && at.quantity === 0) cell.dataset.childrenOnly = '';
  else delete cell.dataset.childrenOnly;
  if (at?.title === undefined) cell.removeAttribute('title');
  else cell.title = at.title;
  let holder = cell.querySelector<HTMLElement>('.ladder-legs');
  const legs = at?.legs ?? [];
  if (legs.length === 0) {
    holder?.remove();
    return;
  }
  if (!holder) {
    holder = document.createElement('span');
    holder.className = 'ladder-legs';
    cell.append(holder);
  }
  holder.replaceChildren(
    ...legs.map((leg) => {
      const chip = document.createElement('span');
      chip.className = 'ladder-leg';
      chip.style.background = leg.colour;
      chip.dataset.leg = leg.alias;
      chip.title = `${leg.alias}: ${quantityText(leg.quantity)} @ ${leg.price}`;
      chip.textContent = quantityText(leg.quantity);
      return chip;
    }),
  );
}

function rowClass(flags: number): string {
  let name = 'ladder-row';
  if (flags & RowFlag.buyPending) name += ' ladder-row--buy-pending';
  if (flags & RowFlag.sellPending) name += ' ladder-row--sell-pending';
  if (flags & RowFlag.cursor) name += ' ladder-row--cursor';
  if (flags & RowFlag.dropTarget) name += ' ladder-row--drop';
  return name;
}
