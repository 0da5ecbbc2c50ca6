import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { Workstation } from './shell/workstation';

// Issue 6, item 3 in browser mode against the embedded gateway: build an aggregated Brent over
// ICE (tick 0.01) and CME (tick 0.05) in the Aggregator dialog, with the contracts picked from
// the gateway's own list; see a reason while a field is wrong; save; and find it again after a
// page reload and after main restarts on the same data folder.

function aggregatorPanel(page: Page): Locator {
  return page.locator('.aggregator-panel');
}

function definitionRow(page: Page, name: string): Locator {
  return aggregatorPanel(page)
    .getByRole('table', { name: 'Aggregated instruments' })
    .getByRole('row')
    .filter({ has: page.getByRole('cell', { name, exact: true }) });
}

async function openAggregator(page: Page): Promise<void> {
  await page.keyboard.press('Alt+Shift+A');
  await expect(aggregatorPanel(page)).toBeVisible();
  await expect(aggregatorPanel(page).getByText('Waiting for main…')).toHaveCount(0);
}

test('an aggregated Brent over ICE and CME is built in the dialog, checked as typed, saved, and restored', async ({ page, app }) => {
  test.setTimeout(180_000);
  const workstation = new Workstation(page);
  await workstation.open(app.url);
  await expect(workstation.connectionsTable.getByRole('row').filter({ hasText: 'Embedded gateway' })).toContainText(/127\.0\.0\.1:\d+/, { timeout: 30_000 });

  // Before any logon the dialog says where the contracts come from.
  await openAggregator(page);
  await aggregatorPanel(page).getByRole('button', { name: 'New' }).click();
  const editor = page.getByRole('form', { name: 'New aggregated instrument' });
  await expect(editor.getByRole('status').filter({ hasText: 'Log on to Embedded gateway to choose contracts' })).toBeVisible();
  await expect(editor.getByLabel('Leg 1 contract')).toBeDisabled();
  await page.keyboard.press('Escape');
  await expect(editor).toHaveCount(0);

  // Log on as trader1 (README demo credentials).
  await page.keyboard.press('Alt+Shift+L');
  const logon = page.getByRole('form', { name: 'Master logon' });
  await logon.getByLabel('Username').fill('trader1');
  await logon.getByLabel('Password').fill('trader1-demo');
  await logon.getByRole('button', { name: 'Log on' }).click();
  await expect(page.locator('.login-panel')).toContainText('Logged on as trader1', { timeout: 30_000 });

  // New: the name has the focus and is typed from the keyboard.
  await openAggregator(page);
  await aggregatorPanel(page).getByRole('button', { name: 'New' }).click();
  await expect(editor.getByLabel('Instrument name')).toBeFocused();
  await page.keyboard.type('Brent');
  const save = editor.getByRole('button', { name: 'Save' });
  await expect(save).toBeDisabled();

  // A wrong algo ID: the reason next to the field, Save stays disabled.
  const algoId = editor.getByLabel('Algo ID (FFT3)');
  await algoId.fill('42x');
  await expect(algoId).toHaveAttribute('aria-invalid', 'true');
  await expect(editor.locator(`#${await algoId.getAttribute('id')}-error`)).toHaveText('a whole number from 0 to 16777215');
  await algoId.fill('4242');
  await expect(algoId).toHaveAttribute('aria-invalid', 'false');

  // The legs, from the gateway's instrument list: the min tick comes with the contract.
  await expect(editor.getByLabel('Leg 1 contract')).toBeEnabled({ timeout: 20_000 });
  await editor.getByLabel('Leg 1 contract').selectOption('ICE|BRNF7');
  await editor.getByLabel('Leg 2 contract').selectOption('CME|BZF7');
  await expect(editor.getByLabel('Leg 1 min tick')).toHaveText('0.01');
  await expect(editor.getByLabel('Leg 2 min tick')).toHaveText('0.05');
  await expect(editor.getByLabel('Leg 1 alias')).toHaveValue('ICE');
  await expect(editor.getByLabel('Leg 2 alias')).toHaveValue('CME');
  // The common tick, computed by the Aggregator core: both legs lie on 0.01.
  await expect(editor.getByLabel('Common tick')).toHaveText('0.01');

  // A leg field that is wrong says why, as it is typed; so does the same alias twice.
  const ratio = editor.getByLabel('Leg 2 ratio');
  await ratio.fill('0');
  await expect(editor.locator(`#${await ratio.getAttribute('id')}-error`)).toHaveText('at least 1');
  await expect(save).toBeDisabled();
  await expect(editor.getByRole('status', { name: 'Still to fix' })).toHaveText('To save: Leg 2 ratio: at least 1');
  await ratio.fill('2');
  const alias = editor.getByLabel('Leg 2 alias');
  await alias.fill('ICE');
  await expect(editor.locator(`#${await alias.getAttribute('id')}-error`)).toHaveText('the same alias as leg 1');
  await alias.fill('CME');

  // Every other setting of the seed's table.
  await editor.getByLabel('Leg 1 offset').fill('-1.5');
  await editor.getByLabel('Leg 2 multiplier').fill('1/2');
  // CME at half its price ticks in 0.025, and ICE is moved by 1.5 of its ticks: 0.005.
  await expect(editor.getByLabel('Common tick')).toHaveText('0.005');
  await editor.getByLabel('Leg 1 taking split').fill('3');
  await editor.getByLabel('Leg 2 rebalance %').fill('50');
  await editor.getByLabel('Leg 1 colour').fill('#3080e0');
  await editor.getByLabel('Leg 2 colour').fill('#40c070');
  await editor.getByLabel('Taking', { exact: true }).selectOption('SplitRatio');
  await editor.getByLabel('TIF', { exact: true }).selectOption('IOC');
  await editor.getByLabel('Joining', { exact: true }).selectOption('EPIQ');
  await editor.getByLabel('If exchange down').selectOption('StopAllOrders');
  await editor.getByLabel('Rebalance', { exact: true }).check();
  await editor.getByLabel('Timer (ms)').fill('250');
  await editor.getByLabel('Override', { exact: true }).check();
  await editor.getByLabel('Override tick').fill('0.05');
  await expect(editor.getByText('some leg prices fall between the override’s rows')).toBeVisible();

  // Order matters ("first" wins ties): move CME up and back down again.
  await editor.getByRole('button', { name: 'Move leg 2 up' }).click();
  await expect(editor.getByLabel('Leg 1 contract')).toHaveValue('CME|BZF7');
  await expect(editor.getByLabel('Leg 1 ratio')).toHaveValue('2');
  await editor.getByRole('button', { name: 'Move leg 1 down' }).click();
  await expect(editor.getByLabel('Leg 1 contract')).toHaveValue('ICE|BRNF7');

  await expect(save).toBeEnabled();
  await save.click();
  await expect(editor).toHaveCount(0);
  await expect(aggregatorPanel(page).getByRole('status').filter({ hasText: 'Saved Brent' })).toBeVisible();
  await expectSavedBrent(page);

  // Reload the page: main still has it.
  await page.reload();
  await expect(workstation.mainClock).toHaveText(/^\d\d:\d\d:\d\d$/);
  await openAggregator(page);
  await expectSavedBrent(page);

  // Restart main on the same data folder: it comes back from SQLite, every setting intact.
  const url = await app.restart();
  await workstation.open(url);
  await openAggregator(page);
  await expectSavedBrent(page);
  await definitionRow(page, 'Brent').getByRole('button', { name: 'Edit Brent' }).click();
  const edit = page.getByRole('form', { name: 'Edit Brent' });
  await expect(edit.getByLabel('Instrument name')).toHaveValue('Brent');
  await expect(edit.getByLabel('Algo ID (FFT3)')).toHaveValue('4242');
  await expect(edit.getByLabel('Taking', { exact: true })).toHaveValue('SplitRatio');
  await expect(edit.getByLabel('TIF', { exact: true })).toHaveValue('IOC');
  await expect(edit.getByLabel('Joining', { exact: true })).toHaveValue('EPIQ');
  await expect(edit.getByLabel('If exchange down')).toHaveValue('StopAllOrders');
  await expect(edit.getByLabel('Rebalance', { exact: true })).toBeChecked();
  await expect(edit.getByLabel('Timer (ms)')).toHaveValue('250');
  await expect(edit.getByLabel('Override tick')).toHaveValue('0.05');
  await expect(edit.getByLabel('Leg 1 contract')).toHaveValue('ICE|BRNF7');
  await expect(edit.getByLabel('Leg 1 offset')).toHaveValue('-1.5');
  await expect(edit.getByLabel('Leg 1 taking split')).toHaveValue('3');
  await expect(edit.getByLabel('Leg 1 colour')).toHaveValue('#3080e0');
  await expect(edit.getByLabel('Leg 2 contract')).toHaveValue('CME|BZF7');
  await expect(edit.getByLabel('Leg 2 ratio')).toHaveValue('2');
  await expect(edit.getByLabel('Leg 2 multiplier')).toHaveValue('1/2');
  await expect(edit.getByLabel('Leg 2 rebalance %')).toHaveValue('50');
  await expect(edit.getByLabel('Leg 2 min tick')).toHaveText('0.05');
  // Not logged on after the restart: the saved contracts still show; the list needs a session.
  await expect(edit.getByRole('status').filter({ hasText: 'Log on to Embedded gateway to choose contracts' })).toBeVisible();
  await expect(edit.getByRole('button', { name: 'Save' })).toBeEnabled();
  await page.keyboard.press('Escape');
  await expect(edit).toHaveCount(0);

  // Another window's change shows here at once: a second client saves a copy over IPC.
  const [saved] = (await callMain(page, app, 'aggregator.list', {})) as Array<Record<string, unknown>>;
  const { id: _id, ...copy } = saved!;
  await callMain(page, app, 'aggregator.save', { ...copy, name: 'Brent copy' });
  await expect(definitionRow(page, 'Brent copy')).toHaveCount(1);
  // Delete asks twice.
  await definitionRow(page, 'Brent copy').getByRole('button', { name: 'Delete Brent copy' }).click();
  await definitionRow(page, 'Brent copy').getByRole('button', { name: 'Confirm deleting Brent copy' }).click();
  await expect(definitionRow(page, 'Brent copy')).toHaveCount(0);
  await expectSavedBrent(page);
  expect(workstation.uncaught).toEqual([]);
});

/** One call to main from an independent IPC client (another window); the result, or throws main's error. */
async function callMain(page: Page, app: { origin: string; token: string }, method: string, payload: unknown): Promise<unknown> {
  const answer = await page.evaluate(
    async ({ origin, token, name, value }) => {
      const ws = new WebSocket(`${origin.replace('http', 'ws')}/ipc?token=${encodeURIComponent(token)}`);
      await new Promise((resolve) => (ws.onopen = resolve));
      const reply = new Promise<{ value?: unknown; error?: { message: string } }>((resolve) => (ws.onmessage = (event) => resolve(JSON.parse(String(event.data)))));
      ws.send(JSON.stringify({ t: 'call', id: 1, method: name, payload: value }));
      const message = await reply;
      ws.close();
      return message;
    },
    { origin: app.origin, token: app.token, name: method, value: payload },
  );
  if (answer.error) throw new Error(`${method}: ${answer.error.message}`);
  return answer.value;
}

async function expectSavedBrent(page: Page): Promise<void> {
  const row = definitionRow(page, 'Brent');
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('ICE BRNF7');
  await expect(row).toContainText('CME BZF7');
  await expect(row).toContainText('Split Ratio · IOC');
  await expect(row).toContainText('EPIQ');
  await expect(row).toContainText('Stop All Orders');
  await expect(row).toContainText('On · 250 ms');
  await expect(row).toContainText('4242');
}
