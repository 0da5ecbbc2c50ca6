import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { DayOrder, Execution, OrdStatus, RefusedOrder } from './DayOrder';

// The gateway's order and execution journal (SPEC §3 "Durability"): every change is written
// here, in one transaction per command, before any ExecutionReport about it leaves the
// gateway. SQLite in WAL mode with synchronous=FULL, so a committed execution survives kill -9
// and power loss. Only the current trading day is read back ("top day").

interface OrderRow {
  json: string;
}

interface StoredOrder extends Omit<DayOrder, 'notionalTicks' | 'complianceId'> {
  notionalTicks: string;
  complianceId: string | undefined;
}

export interface JournaledExecution {
  readonly orderId: string | undefined;
  readonly execution: Execution;
  readonly refused?: RefusedOrder;
}

export class OrderJournal {
  private readonly db: Database.Database;
  private readonly statements;

  /** `full` fsyncs every commit (survives power loss); `normal` survives a process crash. */
  constructor(dataDir: string, sync: 'full' | 'normal' = 'full') {
    mkdirSync(dataDir, { recursive: true });
    this.db = new Database(join(dataDir, 'orders.sqlite'));
    this.db.pragma('journal_mode = WAL');
    this.db.pragma(`synchronous = ${sync === 'full' ? 'FULL' : 'NORMAL'}`);
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS orders (
        order_id TEXT PRIMARY KEY, trade_date TEXT NOT NULL, firm TEXT NOT NULL, cl_ord_id TEXT NOT NULL,
        status TEXT NOT NULL, json TEXT NOT NULL);
      CREATE INDEX IF NOT EXISTS orders_by_day ON orders (trade_date);
      CREATE TABLE IF NOT EXISTS executions (
        seq INTEGER PRIMARY KEY, exec_id TEXT NOT NULL UNIQUE, trade_date TEXT NOT NULL,
        order_id TEXT, json TEXT NOT NULL);
      CREATE INDEX IF NOT EXISTS executions_by_day ON executions (trade_date);
      CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
    `);
    this.statements = {
      upsertOrder: this.db.prepare<[string, string, string, string, OrdStatus, string]>(
        `INSERT INTO orders (order_id, trade_date, firm, cl_ord_id, status, json) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT(order_id) DO UPDATE SET cl_ord_id = excluded.cl_ord_id, status = excluded.status, json = excluded.json`,
      ),
      insertExecution: this.db.prepare<[string, string, string | null, string]>(
        'INSERT INTO executions (exec_id, trade_date, order_id, json) VALUES (?, ?, ?, ?)',
      ),
      ordersOfDay: this.db.prepare<[string], OrderRow>('SELECT json FROM orders WHERE trade_date = ? ORDER BY rowid'),
      workingBefore: this.db.prepare<[string], OrderRow>(
        "SELECT json FROM orders WHERE trade_date < ? AND status IN ('0', '1') ORDER BY rowid",
      ),
      executionsOfDay: this.db.prepare<[string], OrderRow>('SELECT json FROM executions WHERE trade_date = ? ORDER BY seq'),
      counter: this.db.prepare<[string], { value: number }>('SELECT value FROM counters WHERE name = ?'),
      setCounter: this.db.prepare<[string, number]>(
        'INSERT INTO counters (name, value) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET value = MAX(value, excluded.value)',
      ),
    };
  }

  /** Runs `work` in one transaction: all of it is durable, or none of it. */
  transaction<T>(work: () => T): T {
    return this.db.transaction(work)();
  }

  saveOrder(tradeDate: string, order: DayOrder): void {
    const stored: StoredOrder = {
      ...order,
      notionalTicks: order.notionalTicks.toString(),
      complianceId: order.complianceId?.toString(),
    };
    this.statements.upsertOrder.run(order.orderId, tradeDate, order.firm, order.clOrdId, order.status, JSON.stringify(stored));
  }

  saveExecution(tradeDate: string, entry: JournaledExecution): void {
    this.statements.insertExecution.run(entry.execution.execId, tradeDate, entry.orderId ?? null, JSON.stringify(entry));
  }

  ordersOf(tradeDate: string): DayOrder[] {
    return this.statements.ordersOfDay.all(tradeDate).map(parseOrder);
  }

  /** Orders of earlier days still working (GTC): they carry over to the new day. */
  workingOrdersBefore(tradeDate: string): DayOrder[] {
    return this.statements.workingBefore.all(tradeDate).map(parseOrder);
  }

  executionsOf(tradeDate: string): JournaledExecution[] {
    return this.statements.executionsOfDay.all(tradeDate).map((row) => JSON.parse(row.json) as JournaledExecution);
  }

  /** A counter that only grows (ids continue after a restart, never reused). */
  counter(name: string): number {
    return this.statements.counter.get(name)?.value ?? 0;
  }

  raiseCounter(name: string, value: number): void {
    this.statements.setCounter.run(name, value);
  }

  close(): void {
    this.db.close();
  }
}

function parseOrder(row: OrderRow): DayOrder {
  const stored = JSON.parse(row.json) as StoredOrder;
  return {
    ...stored,
    notionalTicks: BigInt(stored.notionalTicks),
    complianceId: stored.complianceId === undefined ? undefined : BigInt(stored.complianceId),
  };
}
