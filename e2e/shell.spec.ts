import { expect, test } from './fixtures';
import { storedLayoutGroups, storeLayout, Workstation } from './shell/workstation';

// The renderer shell in browser mode against a real main (`tessera web`): streams end to end,
// the ways to open a panel, the Add-connection form, and the layout surviving a reload.

test('the status bar shows main clock ticking from the status stream', async ({ page, app }, testInfo) => {
  const workstation = new Workstation(page);
  await workstation.open(app.url);
  const first = await workstation.mainClock.textContent();
  await expect(workstation.mainClock).not.toHaveText(first ?? '', { timeout: 3000 });
  await expect(workstation.statusBar).toContainText('WebSocket');
  await expect(workstation.statusBar.getByRole('timer', { name: 'Uptime' })).toHaveText(/^\d\d:\d\d:\d\d$/);
  await testInfo.attach('workspace', { body: await page.screenshot(), contentType: 'image/png' });
});

test('the Connections panel opens from the Windows menu, the command palette and its shortcut', async ({ page, app }) => {
  const workstation = new Workstation(page);
  await workstation.open(app.url);
  await expect(workstation.tab('Connections')).toBeVisible();

  await workstation.closeTab('Connections');
  await expect(page.getByText('No panels open.')).toBeVisible();
  await workstation.openFromWindowsMenu('Connections');
  await expect(workstation.connectionsTable).toBeVisible();

  await workstation.closeTab('Connections');
  await workstation.runFromPalette('conn');
  await expect(workstation.connectionsTable).toBeVisible();

  await workstation.closeTab('Connections');
  await page.keyboard.press('Alt+Shift+C');
  await expect(workstation.connectionsTable).toBeVisible();
});

test('the Windows menu and the palette work from the keyboard alone', async ({ page, app }) => {
  const workstation = new Workstation(page);
  await workstation.open(app.url);
  const windows = page.getByRole('menuitem', { name: 'Windows' });
  await windows.focus();
  await page.keyboard.press('Enter');
  const menu = page.getByRole('menu', { name: 'Windows' });
  await expect(menu.getByRole('menuitemcheckbox', { name: 'Connections' })).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(menu.getByRole('menuitemcheckbox', { name: 'About' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(menu).toHaveCount(0);
  await expect(windows).toBeFocused();

  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(workstation.tab('About')).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('definition').filter({ hasText: 'WebSocket' })).toBeVisible();

  await page.keyboard.press('Control+Shift+P');
  const combobox = page.getByRole('combobox', { name: 'Command' });
  await expect(combobox).toBeFocused();
  await combobox.pressSequentially('layout');
  await expect(page.getByRole('option', { name: /Reset layout/ })).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog', { name: 'Command palette' })).toHaveCount(0);
  await expect(workstation.tab('About')).toBeVisible();

  // Docking without a mouse: split the active panel off, then put it back.
  expect(await workstation.tabsByGroup()).toEqual([['Connections', 'About']]);
  await workstation.runFromPalette('split right');
  await expect.poll(() => workstation.tabsByGroup()).toEqual([['Connections'], ['About']]);
  await workstation.runFromPalette('next group');
  await expect.poll(() => workstation.tabsByGroup()).toEqual([['Connections', 'About']]);
});

test('a connection added through the form appears from the stream, and is removed', async ({ page, app }) => {
  const workstation = new Workstation(page);
  await workstation.open(app.url);
  const name = `E2E ${testIdSuffix()}`;

  await page.getByRole('button', { name: 'Add connection' }).click();
  const form = workstation.addConnectionForm;
  const port = form.getByLabel('Port');
  await form.getByLabel('Name').fill(name);
  await port.pressSequentially('70000');
  await expect(port).toHaveAttribute('aria-invalid', 'true');
  await expect(port).toHaveAccessibleDescription('to 65535');
  await port.fill('9878');
  await expect(port).toHaveAttribute('aria-invalid', 'false');
  await form.getByLabel('SenderCompID').fill('A=B');
  await expect(form.getByLabel('SenderCompID')).toHaveAccessibleDescription("must not contain '|' or '='");
  await form.getByLabel('SenderCompID').fill('TESSERA');
  await form.getByLabel('TargetCompID').fill('E2EFIRM');
  await form.getByRole('button', { name: 'Add', exact: true }).click();

  await expect(form).toHaveCount(0);
  const row = workstation.connectionRow(name);
  await expect(row).toContainText('127.0.0.1:9878');
  await expect(row).toContainText('TESSERA → E2EFIRM');
  await expect(row).toHaveAttribute('data-state', /^(disconnected|connecting|connected|stale)$/);

  // Main refuses a second connection by the same name; its reason is shown on the form.
  await page.getByRole('button', { name: 'Add connection' }).click();
  await form.getByLabel('Name').fill(name);
  await form.getByLabel('Port').fill('9879');
  await form.getByLabel('SenderCompID').fill('TESSERA');
  await form.getByLabel('TargetCompID').fill('E2EFIRM');
  await form.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(form.getByRole('alert')).toHaveText(`Main refused: A connection named '${name}' already exists`);
  await form.getByRole('button', { name: 'Cancel' }).click();

  await row.getByRole('button', { name: `Remove ${name}` }).click();
  await row.getByRole('button', { name: `Confirm removing ${name}` }).click();
  await expect(row).toHaveCount(0);
  expect(workstation.uncaught).toEqual([]);
});

test('the Connections panel follows changes main makes for another client', async ({ page, app }) => {
  const workstation = new Workstation(page);
  await workstation.open(app.url);
  const name = `Other client ${testIdSuffix()}`;
  await expect(workstation.connectionRow(name)).toHaveCount(0);

  // A second, independent IPC client adds a connection: only main's stream can tell this page.
  const added = await page.evaluate(
    async ({ origin, token, connectionName }) => {
      const ws = new WebSocket(`${origin.replace('http', 'ws')}/ipc?token=${encodeURIComponent(token)}`);
      await new Promise((resolve) => (ws.onopen = resolve));
      const reply = new Promise<unknown>((resolve) => (ws.onmessage = (event) => resolve(JSON.parse(String(event.data)))));
      const payload = { name: connectionName, host: 'gw.example.net', port: 4100, senderCompID: 'OTHER', targetCompID: 'FIRM' };
      ws.send(JSON.stringify({ t: 'call', id: 1, method: 'connections.add', payload }));
      const answer = await reply;
      ws.close();
      return answer;
    },
    { origin: app.origin, token: app.token, connectionName: name },
  );
  expect(added).toMatchObject({ t: 'result', id: 1 });
  await expect(workstation.connectionRow(name)).toContainText('gw.example.net:4100');
  await expect(workstation.statusBar).toContainText(/CONN\s*\d+\/[1-9]/i);
});

test('a rearranged layout is saved and restored after a reload; Reset layout brings the default back', async ({ page, app }, testInfo) => {
  const workstation = new Workstation(page);
  await workstation.open(app.url);
  await workstation.openFromWindowsMenu('About');
  expect(await workstation.tabsByGroup()).toEqual([['Connections', 'About']]);

  // Drag the About tab onto the right half of the panel area: a second group beside the first.
  const content = page.locator('.dv-groupview .dv-content-container').first();
  const box = (await content.boundingBox())!;
  await workstation.tab('About').dragTo(content, { targetPosition: { x: box.width * 0.9, y: box.height / 2 } });
  await expect.poll(() => workstation.tabsByGroup()).toEqual([['Connections'], ['About']]);
  const [left, right] = await page.locator('.dv-groupview').all();
  expect((await right!.boundingBox())!.x).toBeGreaterThan((await left!.boundingBox())!.x);
  await testInfo.attach('rearranged', { body: await page.screenshot(), contentType: 'image/png' });
  await expect.poll(() => storedLayoutGroups(page, app)).toEqual([['connections'], ['about']]);

  await page.reload();
  await expect(workstation.mainClock).toHaveText(/^\d\d:\d\d:\d\d$/);
  await expect.poll(() => workstation.tabsByGroup()).toEqual([['Connections'], ['About']]);

  await workstation.closeTab('About');
  await expect.poll(() => storedLayoutGroups(page, app)).toEqual([['connections']]);
  await page.reload();
  await expect(workstation.mainClock).toHaveText(/^\d\d:\d\d:\d\d$/);
  await expect.poll(() => workstation.tabsByGroup()).toEqual([['Connections']]);

  await workstation.closeTab('Connections');
  await workstation.runFromPalette('reset');
  await expect.poll(() => workstation.tabsByGroup()).toEqual([['Connections']]);
  expect(workstation.uncaught).toEqual([]);
});

test('a saved layout that cannot be restored gives the default layout and says why', async ({ page, app }) => {
  const workstation = new Workstation(page);
  await workstation.open(app.url);
  const fromAnotherVersion = {
    grid: { root: { type: 'leaf', data: { views: ['ladder'], id: '1' } }, width: 800, height: 600, orientation: 'HORIZONTAL' },
    panels: { ladder: { id: 'ladder', contentComponent: 'md-trader-v9', title: 'Ladder' } },
  };
  expect(await storeLayout(page, app, fromAnotherVersion)).toMatchObject({ t: 'result', id: 1 });

  await page.reload();
  await expect(page.getByRole('status').filter({ hasText: 'Showing the default layout' })).toContainText(
    "panel 'ladder' shows an unknown screen 'md-trader-v9'",
  );
  expect(await workstation.tabsByGroup()).toEqual([['Connections']]);
  await expect(workstation.connectionsTable).toBeVisible();
  expect(workstation.uncaught).toEqual([]);
});

test('the status bar says so when main goes away', async ({ page, app }) => {
  const workstation = new Workstation(page);
  await workstation.open(app.url);
  await app.restart();
  await expect(workstation.statusBar.getByRole('alert')).toContainText('Disconnected from main');
});

function testIdSuffix(): string {
  return Math.random().toString(36).slice(2, 8);
}
