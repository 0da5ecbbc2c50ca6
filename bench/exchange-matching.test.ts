import { expect, it } from 'vitest';
import { runExchangeBench } from './exchange-matching';

it('runs both workloads and reports rates, event and trade counts', async () => {
  const rows = await runExchangeBench({ durationMs: 30 });
  const [liquibook, mix] = rows;
  for (const row of [liquibook!, mix!]) {
    expect(row['ops/s']).toBeGreaterThan(0);
    expect(row['events/op']).toBeGreaterThan(1);
  }
  // About half of Liquibook's orders cross; the mix trades on its takes only.
  expect(liquibook!['trades/op']).toBeGreaterThan(0.3);
  expect(mix!['trades/op']).toBeGreaterThan(0.05);
  expect(rows.map((r) => r.name)).toContain('target');
});
