// What the ladder benchmark watches inside the workstation's page (`page.addInitScript`), from
// outside the app's code: frame times, what the ladder's canvas last painted in each cell, the
// traffic from main, and when a click's order appears on (or leaves) its row. The function is
// serialised into the page, so it refers to nothing outside itself.

/** One click on a ladder row, and when the page showed its outcome (performance.now() ms). */
export interface ProbeClick {
  /** The pointerdown event's time stamp. */
  at: number;
  tick: number;
  side: 'buy' | 'sell';
  /** Placing an order (an empty orders cell) or cancelling the working one. */
  kind: 'place' | 'cancel';
  /** The ladder's request (orders.submit or orders.cancel) left for main. */
  sentAt: number | null;
  /** The first message from main after the request that carries the answer's status (Working, Cancelled). */
  answerAt: number | null;
  /** The order showed as pending (sent, not yet acknowledged). */
  pendingAt: number | null;
  /** The order showed as working (acknowledged): the ExecutionReport New on the ladder. */
  shownAt: number | null;
  /** The row's orders cell went blank (cancelled). */
  goneAt: number | null;
}

export interface LadderProbe {
  readonly clicks: ProbeClick[];
  /** Starts recording frames and counting messages from main. */
  record(): void;
  /** Frames (start time, main-thread ms), frames in which the ladder's canvas painted, messages from main. */
  recorded(): { starts: number[]; busyMs: number[]; paints: number; messages: number; bytes: number };
  /** Resolves with the time the click's outcome showed, or null after `timeoutMs`. */
  outcome(index: number, timeoutMs: number): Promise<number | null>;
  /** The ladder's rows as painted: tick, price text and the bid and ask cells' canvas text. */
  paintedRows(): { tick: number; price: string; bid: string; ask: string }[];
}

declare global {
  interface Window {
    ladderProbe?: LadderProbe;
  }
}

export function installLadderProbe(): void {
  let recording = false;
  // Clicks and what the ladder showed after them.
  const clicks: ProbeClick[] = [];
  /** The current frame's time, and the last frame the ladder's canvas painted in. */
  let frameTime = -1;
  let paintedFrame = -1;
  let paints = 0;
  // Canvas cells: text painted and not painted over since, per canvas, by row anchor (y) and x.
  const painted = new WeakMap<HTMLCanvasElement, Map<number, Map<number, string>>>();
  const ladderCanvas = (context: CanvasRenderingContext2D): HTMLCanvasElement | null => {
    const canvas = context.canvas;
    if (!(canvas instanceof HTMLCanvasElement) || !canvas.classList.contains('ladder-canvas')) return null;
    if (recording && paintedFrame !== frameTime) {
      paintedFrame = frameTime;
      paints++;
    }
    return canvas;
  };
  const proto = CanvasRenderingContext2D.prototype;
  const fillText = proto.fillText;
  const fillRect = proto.fillRect;
  proto.fillText = function (this: CanvasRenderingContext2D, text: string, x: number, y: number, maxWidth?: number): void {
    const canvas = ladderCanvas(this);
    if (canvas) {
      let rows = painted.get(canvas);
      if (!rows) painted.set(canvas, (rows = new Map()));
      let row = rows.get(Math.floor(y));
      if (!row) rows.set(Math.floor(y), (row = new Map()));
      row.set(x, text);
    }
    if (maxWidth === undefined) fillText.call(this, text, x, y);
    else fillText.call(this, text, x, y, maxWidth);
  };
  proto.fillRect = function (this: CanvasRenderingContext2D, x: number, y: number, w: number, h: number): void {
    const rows = ladderCanvas(this) && painted.get(this.canvas as HTMLCanvasElement);
    if (rows) {
      for (let anchor = Math.ceil(y); anchor < y + h; anchor++) {
        const row = rows.get(anchor);
        if (row) for (const at of row.keys()) if (at >= x && at < x + w) row.delete(at);
      }
    }
    fillRect.call(this, x, y, w, h);
  };

  // Messages to and from main (the IPC WebSocket): how many and how large, and when the last
  // click's request left and its answer came in.
  let messages = 0;
  let bytes = 0;
  const NativeWebSocket = window.WebSocket;
  window.WebSocket = class extends NativeWebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      this.addEventListener('message', (event: MessageEvent) => {
        const text = typeof event.data === 'string' ? event.data : '';
        const click = clicks.at(-1);
        if (click && click.sentAt !== null && click.answerAt === null && text.includes(click.kind === 'place' ? '"status":"Working"' : '"status":"Cancelled"')) click.answerAt = performance.now();
        if (!recording) return;
        messages++;
        bytes += text.length;
      });
    }

    override send(data: string | ArrayBufferLike | Blob | ArrayBufferView): void {
      const click = clicks.at(-1);
      if (click && click.sentAt === null && typeof data === 'string' && data.includes(click.kind === 'place' ? '"orders.submit"' : '"orders.cancel"')) click.sentAt = performance.now();
      super.send(data);
    }
  };

  // Frames: when each starts, and its main-thread time up to the end of its rendering (a
  // message posted from the frame's first callback runs after style, layout and paint).
  let starts: number[] = [];
  let busyMs: number[] = [];
  let frameStart = 0;
  const channel = new MessageChannel();
  channel.port1.onmessage = () => {
    if (recording) busyMs.push(performance.now() - frameStart);
  };
  const frame = (time: number): void => {
    frameTime = time;
    if (recording) {
      starts.push(time);
      frameStart = performance.now();
      channel.port2.postMessage(null);
    }
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);

  const waiters = new Map<number, (at: number) => void>();
  const rowAt = (tick: number): HTMLElement | null => document.querySelector<HTMLElement>(`.ladder-grid [role="row"][data-tick="${tick}"]`);
  const ordersText = (row: HTMLElement, side: 'buy' | 'sell'): string => row.querySelector(`[data-col="${side === 'buy' ? 'buys' : 'sells'}"]`)?.textContent ?? '';
  const check = (): void => {
    if (waiters.size === 0) return;
    const now = performance.now();
    for (const [index, resolve] of waiters) {
      const click = clicks[index]!;
      const row = rowAt(click.tick);
      if (!row) continue;
      const text = ordersText(row, click.side);
      const pending = row.classList.contains(`ladder-row--${click.side}-pending`);
      if (click.kind === 'place') {
        if (text !== '' && pending) click.pendingAt ??= now;
        if (text !== '' && !pending) click.shownAt = now;
      } else if (text === '') click.goneAt = now;
      const done = click.kind === 'place' ? click.shownAt : click.goneAt;
      if (done !== null) {
        waiters.delete(index);
        resolve(done);
      }
    }
  };
  window.addEventListener(
    'pointerdown',
    (event) => {
      const cell = (event.target as Element | null)?.closest<HTMLElement>('.ladder-grid [role="row"][data-tick] [data-col]');
      const row = cell?.parentElement;
      const column = cell?.dataset.col;
      if (!cell || !row || event.button !== 0) return;
      const side = column === 'bid' || column === 'buys' ? 'buy' : column === 'ask' || column === 'sells' ? 'sell' : null;
      if (!side) return;
      const working = (column === 'buys' || column === 'sells') && ordersText(row, side) !== '';
      clicks.push({ at: event.timeStamp, tick: Number(row.dataset.tick), side, kind: working ? 'cancel' : 'place', sentAt: null, answerAt: null, pendingAt: null, shownAt: null, goneAt: null });
    },
    true,
  );
  const observer = new MutationObserver(check);
  const observe = (): void => observer.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ['class', 'data-tick'] });
  if (document.body) observe();
  else document.addEventListener('DOMContentLoaded', observe);

  window.ladderProbe = {
    clicks,
    record: () => {
      starts = [];
      busyMs = [];
      messages = 0;
      bytes = 0;
      paints = 0;
      recording = true;
    },
    recorded: () => {
      recording = false;
      return { starts, busyMs, paints, messages, bytes };
    },
    outcome: (index, timeoutMs) =>
      new Promise((resolve) => {
        const timer = setTimeout(() => {
          waiters.delete(index);
          resolve(null);
        }, timeoutMs);
        waiters.set(index, (at) => {
          clearTimeout(timer);
          resolve(at);
        });
        check();
      }),
    paintedRows: () => {
      const grid = document.querySelector<HTMLElement>('.ladder-grid');
      const canvas = grid?.querySelector<HTMLCanvasElement>('canvas.ladder-canvas');
      if (!grid || !canvas) return [];
      const left = canvas.getBoundingClientRect().left;
      const span = (column: string): [number, number] => {
        const box = grid.querySelector(`[role="columnheader"].ladder-cell--${column}`)!.getBoundingClientRect();
        return [box.left - left, box.right - left];
      };
      const [bid, ask] = [span('bid'), span('ask')];
      const rows = [...grid.querySelectorAll<HTMLElement>('[role="rowgroup"] [role="row"]')];
      const height = rows[0]?.getBoundingClientRect().height ?? 0;
      const texts = painted.get(canvas);
      const textIn = (index: number, [from, to]: [number, number]): string => {
        for (let anchor = Math.ceil(index * height); anchor < (index + 1) * height; anchor++) {
          for (const [x, text] of texts?.get(anchor) ?? []) if (x >= from && x < to) return text;
        }
        return '';
      };
      return rows.map((row, index) => ({
        tick: Number(row.dataset.tick),
        price: row.querySelector('[data-col="price"]')?.textContent ?? '',
        bid: textIn(index, bid),
        ask: textIn(index, ask),
      }));
    },
  };
}
