import { expect, type Locator, type Page } from '@playwright/test';

/** The trading screens as a trader drives them: login, the ladder, the Order Book and Fills. */
export class TradingDesk {
  constructor(readonly page: Page) {}

  get login(): Locator {
    return this.page.locator('.login-panel');
  }

  /** The FIX logon of the master user, through the login screen. */
  async logOnMaster(username: string, password: string): Promise<void> {
    const form = this.page.getByRole('form', { name: 'Master logon' });
    await form.getByLabel('Username').fill(username);
    await form.getByLabel('Password').fill(password);
    await form.getByRole('button', { name: 'Log on' }).click();
  }

  async useAccount(account: string): Promise<void> {
    const form = this.page.getByRole('form', { name: 'Account' });
    await form.getByLabel('Account').fill(account);
    await form.getByRole('button', { name: 'Use account' }).click();
    await expect(this.page.getByRole('contentinfo', { name: 'Status bar' }).getByLabel('Active trader')).toContainText(account);
  }

  get ladder(): Locator {
    return this.page.locator('.ladder-grid');
  }

  get ladderPanel(): Locator {
    return this.page.locator('.ladder-panel');
  }

  async chooseInstrument(exchangeAndSymbol: string): Promise<void> {
    await this.ladderPanel.getByLabel('Instrument').selectOption(exchangeAndSymbol);
    await expect(this.ladder).toHaveAttribute('data-best-bid', /^-?\d+$/, { timeout: 20_000 });
  }

  /** The inside market as the ladder shows it, in ticks. */
  async inside(): Promise<{ bid: number; ask: number }> {
    const [bid, ask] = await Promise.all([this.ladder.getAttribute('data-best-bid'), this.ladder.getAttribute('data-best-ask')]);
    return { bid: Number(bid), ask: Number(ask) };
  }

  row(tick: number): Locator {
    return this.ladder.locator(`[role="row"][data-tick="${tick}"]`);
  }

  /** The price a row shows, as its accessible name (the ladder scrolled to it first). */
  async priceOf(tick: number): Promise<string> {
    await this.reveal(tick);
    return (await this.row(tick).getAttribute('aria-label', { timeout: 5000 })) ?? '';
  }

  cell(tick: number, column: 'buys' | 'bid' | 'price' | 'ask' | 'sells'): Locator {
    return this.row(tick).locator(`[data-col="${column}"]`);
  }

  /**
   * Clicks a ladder cell with the pointer already over the ladder: auto-centre waits while
   * the pointer is there, so the prices cannot move between finding the row and the click.
   */
  async clickCell(tick: number, column: 'buys' | 'bid' | 'ask' | 'sells'): Promise<void> {
    await this.reveal(tick);
    await this.cell(tick, column).click({ timeout: 10_000 });
  }

  /** Scrolls the ladder with the wheel (the pointer over it) until the row of `tick` is drawn. */
  async reveal(tick: number): Promise<void> {
    await this.ladder.hover({ position: { x: 2, y: 2 }, timeout: 10_000 });
    await expect
      .poll(async () => {
        if ((await this.row(tick).count()) > 0) return true;
        const top = await this.ladder.locator('[role="row"][data-tick]').first().getAttribute('data-tick');
        // Wheel up (negative) shows higher prices.
        await this.page.mouse.wheel(0, tick > Number(top) ? -100 : 100);
        return false;
      })
      .toBe(true);
  }

  /** Puts the market in the middle of the ladder (its Centre button). */
  async centre(): Promise<void> {
    await this.ladderPanel.getByRole('button', { name: 'Centre' }).click();
  }

  /** The price guard, in ticks from the inside market. */
  async setGuard(ticks: number): Promise<void> {
    const guard = this.ladderPanel.getByLabel('Guard');
    await guard.fill(String(ticks));
    await guard.blur();
    await expect(guard).toHaveValue(String(ticks));
  }

  get blocked(): Locator {
    return this.ladderPanel.locator('.ladder-blocked');
  }

  get message(): Locator {
    return this.ladderPanel.locator('.ladder-footer').getByRole('status');
  }

  position(name: 'Net position' | 'Average price' | 'Open P&L' | 'Realized P&L'): Locator {
    return this.ladderPanel.getByLabel(name, { exact: true });
  }

  get orderBook(): Locator {
    return this.page.locator('.order-book-panel');
  }

  /** Order Book rows showing `price` (and `status`, when given: a status or alternatives, 'Working|Filled'). */
  orderRows(price: string, status?: string): Locator {
    let rows = this.orderBook.locator('[role="row"].ag-row').filter({ has: this.page.locator('[col-id="price"]', { hasText: new RegExp(`^${price.replace('.', '\\.')}$`) }) });
    if (status !== undefined) rows = rows.filter({ has: this.page.locator('[col-id="status"]', { hasText: new RegExp(`^(?:${status})$`) }) });
    return rows;
  }

  get fills(): Locator {
    return this.page.locator('.fills-panel');
  }

  fillRows(): Locator {
    return this.fills.locator('[role="row"].ag-row');
  }
}
