import { expect, type Locator, type Page } from '@playwright/test';

/** The workstation's window as a trader drives it: menus, palette, panels, status bar. */
export class Workstation {
  /** Exceptions the page did not catch: there should be none. */
  readonly uncaught: string[] = [];

  constructor(readonly page: Page) {
    page.on('pageerror', (error) => this.uncaught.push(error.message));
  }

  /** Opens the app and waits until the workspace and the status stream are live. */
  async open(url: string): Promise<void> {
    await this.page.goto(url);
    await expect(this.mainClock).toHaveText(/^\d\d:\d\d:\d\d$/);
  }

  get mainClock(): Locator {
    return this.page.getByRole('timer', { name: 'Main clock' });
  }

  get statusBar(): Locator {
    return this.page.getByRole('contentinfo', { name: 'Status bar' });
  }

  tab(title: string): Locator {
    return this.page.getByRole('tab', { name: title, exact: true });
  }

  /** Every tab of the workspace, group by group, as the docking library lays them out. */
  async tabsByGroup(): Promise<string[][]> {
    return this.page.locator('.dv-groupview').evaluateAll((groups) =>
      groups.map((group) => [...group.querySelectorAll('[role="tab"]')].map((tab) => tab.getAttribute('aria-label') ?? '')),
    );
  }

  async closeTab(title: string): Promise<void> {
    await this.tab(title).getByRole('button', { name: `Close ${title}` }).click();
    await expect(this.tab(title)).toHaveCount(0);
  }

  async openFromWindowsMenu(item: string): Promise<void> {
    await this.page.getByRole('menubar', { name: 'Application' }).getByRole('menuitem', { name: 'Windows' }).click();
    await this.page.getByRole('menu', { name: 'Windows' }).getByRole('menuitem', { name: item }).or(
      this.page.getByRole('menu', { name: 'Windows' }).getByRole('menuitemcheckbox', { name: item }),
    ).click();
  }

  /** Opens the command palette from the keyboard, types, and runs the first match with Enter. */
  async runFromPalette(query: string): Promise<void> {
    await this.page.keyboard.press('Control+K');
    const palette = this.page.getByRole('dialog', { name: 'Command palette' });
    await expect(palette).toBeVisible();
    await palette.getByRole('combobox', { name: 'Command' }).pressSequentially(query);
    await this.page.keyboard.press('Enter');
    await expect(palette).toHaveCount(0);
  }

  get connectionsTable(): Locator {
    return this.page.getByRole('table', { name: 'Connections' });
  }

  connectionRow(name: string): Locator {
    return this.connectionsTable.getByRole('row').filter({ has: this.page.getByRole('cell', { name, exact: true }) });
  }

  get addConnectionForm(): Locator {
    return this.page.getByRole('form', { name: 'Add connection' });
  }
}

/** Stores `layout` under `name` in main, as another client could, before the page loads it. */
export async function storeLayout(page: Page, app: { origin: string; token: string }, layout: unknown, name = 'default'): Promise<unknown> {
  return page.evaluate(
    async ({ origin, token, layoutName, layoutValue }) => {
      const ws = new WebSocket(`${origin.replace('http', 'ws')}/ipc?token=${encodeURIComponent(token)}`);
      await new Promise((resolve) => (ws.onopen = resolve));
      const reply = new Promise<unknown>((resolve) => (ws.onmessage = (event) => resolve(JSON.parse(String(event.data)))));
      ws.send(JSON.stringify({ t: 'call', id: 1, method: 'layout.save', payload: { name: layoutName, layout: layoutValue } }));
      const answer = await reply;
      ws.close();
      return answer;
    },
    { origin: app.origin, token: app.token, layoutName: name, layoutValue: layout },
  );
}

/**
 * The groups of the layout main has stored under `name`, each as its panel ids, read by an
 * independent IPC client: what a reload will restore.
 */
export async function storedLayoutGroups(page: Page, app: { origin: string; token: string }, name = 'default'): Promise<string[][] | null> {
  return page.evaluate(
    async ({ origin, token, layoutName }) => {
      const ws = new WebSocket(`${origin.replace('http', 'ws')}/ipc?token=${encodeURIComponent(token)}`);
      await new Promise((resolve) => (ws.onopen = resolve));
      const reply = new Promise<{ value?: { layout: unknown } }>((resolve) => (ws.onmessage = (event) => resolve(JSON.parse(String(event.data)))));
      ws.send(JSON.stringify({ t: 'call', id: 1, method: 'layout.load', payload: { name: layoutName } }));
      const layout = (await reply).value?.layout as { grid: { root: unknown } } | null | undefined;
      ws.close();
      if (!layout) return null;
      type Node = { type: 'leaf'; data: { views: string[] } } | { type: 'branch'; data: Node[] };
      const leaves = (node: Node): string[][] => (node.type === 'leaf' ? [node.data.views] : node.data.flatMap(leaves));
      return leaves(layout.grid.root as Node);
    },
    { origin: app.origin, token: app.token, layoutName: name },
  );
}
