import { expect, test } from './fixtures';
import { Workstation } from './shell/workstation';

// A new user trades out of the box: main starts a local gateway with the demo firm and lists
// it as the embedded connection (SPEC §1), which cannot be removed.
test('the embedded gateway appears in Connections with its port, and cannot be removed', async ({ page, app }) => {
  const workstation = new Workstation(page);
  await workstation.open(app.url);
  const row = workstation.connectionsTable.getByRole('row').filter({ hasText: 'Embedded gateway' });
  await expect(row).toContainText(/127\.0\.0\.1:\d+/, { timeout: 30_000 });
  await expect(row).toContainText('DemoFirm');
  await expect(row.getByRole('button', { name: /remove/i })).toHaveCount(0);
  expect(workstation.uncaught).toEqual([]);
});
