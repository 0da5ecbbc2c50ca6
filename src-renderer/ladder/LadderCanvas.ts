import { LadderFrame, marketFlags, RowFlag } from './LadderFrame';
import { quantityText } from './quantityText';

/** Where each column sits, in CSS pixels, in the order of `ladderColumns`. */
export interface ColumnSpan {
  readonly id: string;
  readonly x: number;
  readonly width: number;
}

type MarketKey = 'bids' | 'asks' | 'lasts' | 'volumes';
const marketColumns: Record<string, MarketKey> = { bid: 'bids', ask: 'asks', last: 'lasts', volume: 'volumes' };

interface Palette {
  readonly font: string;
  readonly boldFont: string;
  readonly cell: string;
  readonly price: string;
  readonly lastPrice: string;
  readonly bid: string;
  readonly bestBid: string;
  readonly bidText: string;
  readonly ask: string;
  readonly bestAsk: string;
  readonly askText: string;
  readonly lastText: string;
  readonly volumeText: string;
  readonly grid: string;
}

/**
 * The market half of the ladder, on a canvas: cell backgrounds and the quantities that move
 * with the feed (bid, ask, last traded quantity, volume). It keeps what it drew and repaints
 * only cells whose value changed, or a whole row when its market flags changed; no DOM work
 * per frame. Colours and font come from the CSS (read once).
 */
export class LadderCanvas {
  readonly element: HTMLCanvasElement;
  private readonly context: CanvasRenderingContext2D;
  private readonly drawn = new LadderFrame();
  private columns: readonly ColumnSpan[] = [];
  private palette: Palette | null = null;
  private scale = 1;

  constructor(private readonly rowHeight: number) {
    this.element = document.createElement('canvas');
    this.element.className = 'ladder-canvas';
    this.element.setAttribute('aria-hidden', 'true');
    this.element.width = 0;
    this.element.height = 0;
    this.context = this.element.getContext('2d', { alpha: false })!;
  }

  /** Sizes the canvas for `rows` rows across `columns`; everything is drawn again. */
  layout(columns: readonly ColumnSpan[], rows: number): void {
    this.columns = columns;
    const width = columns.reduce((sum, column) => sum + column.width, 0);
    this.scale = window.devicePixelRatio || 1;
    this.element.width = Math.round(width * this.scale);
    this.element.height = Math.round(rows * this.rowHeight * this.scale);
    this.element.style.width = `${width}px`;
    this.element.style.height = `${rows * this.rowHeight}px`;
    this.drawn.resize(rows);
    this.drawn.invalidate();
  }

  /** The value drawn for a market column on `row` (for checks that the screen equals the book). */
  shown(row: number, key: MarketKey): number | undefined {
    return row >= 0 && row < this.drawn.rows ? this.drawn[key][row] : undefined;
  }

  draw(frame: LadderFrame): void {
    if (frame.rows !== this.drawn.rows) return;
    const context = this.context;
    const palette = (this.palette ??= readPalette(this.element));
    context.setTransform(this.scale, 0, 0, this.scale, 0, 0);
    context.textBaseline = 'middle';
    const drawn = this.drawn;
    for (let row = 0; row < frame.rows; row++) {
      const flags = frame.flags[row]! & marketFlags;
      const wholeRow = drawn.flags[row] !== flags;
      if (wholeRow) drawn.flags[row] = flags;
      for (const column of this.columns) {
        const key = marketColumns[column.id];
        if (key === undefined) {
          if (wholeRow) this.paintCell(palette, column, row, flags, '');
          continue;
        }
        const value = frame[key][row]!;
        if (!wholeRow && drawn[key][row] === value) continue;
        drawn[key][row] = value;
        this.paintCell(palette, column, row, flags, quantityText(value));
      }
    }
  }

  private paintCell(palette: Palette, column: ColumnSpan, row: number, flags: number, text: string): void {
    const context = this.context;
    const y = row * this.rowHeight;
    context.fillStyle = palette.grid;
    context.fillRect(column.x, y, column.width, this.rowHeight);
    context.fillStyle = background(palette, column.id, flags);
    context.fillRect(column.x, y, column.width - 1, this.rowHeight - 1);
    if (text === '') return;
    const best = (column.id === 'bid' && flags & RowFlag.bestBid) || (column.id === 'ask' && flags & RowFlag.bestAsk);
    context.font = best ? palette.boldFont : palette.font;
    context.fillStyle = column.id === 'bid' ? palette.bidText : column.id === 'ask' ? palette.askText : column.id === 'last' ? palette.lastText : palette.volumeText;
    context.textAlign = 'right';
    context.fillText(text, column.x + column.width - 6, y + this.rowHeight / 2, column.width - 8);
  }
}

function background(palette: Palette, column: string, flags: number): string {
  switch (column) {
    case 'bid':
      return flags & RowFlag.bestBid ? palette.bestBid : palette.bid;
    case 'ask':
      return flags & RowFlag.bestAsk ? palette.bestAsk : palette.ask;
    case 'price':
      return flags & RowFlag.lastTrade ? palette.lastPrice : palette.price;
    default:
      return palette.cell;
  }
}

function readPalette(element: HTMLElement): Palette {
  const style = getComputedStyle(element);
  const read = (name: string, fallback: string): string => style.getPropertyValue(name).trim() || fallback;
  const font = `${style.fontSize || '11px'} ${style.fontFamily || 'monospace'}`;
  return {
    font,
    boldFont: `600 ${font}`,
    cell: read('--ladder-cell', '#12161c'),
    price: read('--ladder-price', '#181d24'),
    lastPrice: read('--ladder-last-price', '#3a3112'),
    bid: read('--ladder-bid', '#0f1c2c'),
    bestBid: read('--ladder-best-bid', '#123456'),
    bidText: read('--ladder-bid-text', '#9cc8ff'),
    ask: read('--ladder-ask', '#241317'),
    bestAsk: read('--ladder-best-ask', '#4a1c22'),
    askText: read('--ladder-ask-text', '#ffb3b8'),
    lastText: read('--ladder-last-text', '#cf9b32'),
    volumeText: read('--ladder-volume-text', '#8a94a2'),
    grid: read('--ladder-grid-line', '#1b2028'),
  };
}
