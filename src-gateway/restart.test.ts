import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { FixMessage, Tag } from '../src-shared/fix/codec';
import { GatewayTestClient, limitOrder } from './fix/gatewayTestClient';
import { readyPattern } from './gatewayCommand';

// SPEC §3 "Durability": the gateway is killed with SIGKILL in the middle of the day; after a
// restart it answers status requests from the day's orders, its resting orders are back in the
// book in queue order, and OrderIDs and ExecIDs continue without reuse.

const TESSERA = '7E4C1F0A-5B2D-4C8E-9A31-2F6D8B0C4E17';
const root = join(import.meta.dirname, '..');
let dir: string;
let child: ChildProcess | undefined;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tessera-restart-'));
});
afterAll(() => {
  child?.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

async function startGatewayProcess(): Promise<number> {
  // No background flow: every trade in this test is between its own orders.
  const config = join(dir, 'gateway.json');
  writeFileSync(config, JSON.stringify({ market: { backgroundFlow: false } }));
  const started = spawn(process.execPath, [join(root, 'out/node/tessera.js'), 'gateway', '--config', config, '--data-dir', dir, '--fix-port', '0', '--admin-port', '0', '--quiet'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  child = started;
  return new Promise((resolve, reject) => {
    let output = '';
    started.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = readyPattern.exec(output);
      if (match) resolve(Number(match[2]));
    });
    started.once('exit', (code) => reject(new Error(`gateway exited ${code}: ${output}`)));
  });
}

async function logOn(port: number): Promise<GatewayTestClient> {
  const client = new GatewayTestClient(port, { application: 'Tessera', firm: 'DemoFirm', licence: TESSERA, username: 'trader1', password: 'trader1-demo' });
  await client.logOn();
  return client;
}

const order = (clOrdId: string, side: 'buy' | 'sell', qty: number, price: string) =>
  limitOrder('trader1', { clOrdId, account: '11111', symbol: 'MESZ6', side, qty, price });
const execFor = (clOrdId: string, execType: string) => (m: FixMessage) => m.msgType === '8' && m.get(Tag.ClOrdID) === clOrdId && m.get(Tag.ExecType) === execType;

it('reloads the day after kill -9: status answered, queue order kept, ids continued', { timeout: 60_000 }, async () => {
  const before = await logOn(await startGatewayProcess());
  // Two resting bids at one price (far from the flow), then a partial fill of the first.
  before.send(order('B1', 'buy', 3, '5000.00'));
  before.send(order('B2', 'buy', 2, '5000.00'));
  before.send(order('S1', 'sell', 1, '5000.00'));
  const partial = await before.next(execFor('B1', 'F'));
  const lastExecBefore = partial.get(Tag.ExecID)!;
  const b2Ack = await before.next(execFor('B2', '0'));
  await before.next(execFor('S1', 'F'));
  child!.kill('SIGKILL');
  await new Promise((resolve) => child!.once('exit', resolve));

  const after = await logOn(await startGatewayProcess());
  after.send(new FixMessage('AF').set(Tag.SenderSubID, 'trader1').set(Tag.MassStatusReqID, 'R1').set(Tag.MassStatusReqType, 7));
  const reports = new Map<string, FixMessage>();
  for (;;) {
    const report = await after.next((m) => m.msgType === '8' && m.get(Tag.MassStatusReqID) === 'R1');
    reports.set(report.get(Tag.ClOrdID)!, report);
    if (report.get(912) === 'Y') break;
  }
  expect([...reports.keys()].sort()).toEqual(['B1', 'B2', 'S1']);
  expect([reports.get('B1')!.get(Tag.OrdStatus), reports.get('B1')!.get(Tag.CumQty), reports.get('B1')!.get(Tag.LeavesQty)]).toEqual(['1', '1', '2']);
  expect(reports.get('S1')!.get(Tag.OrdStatus)).toBe('2');

  // Queue order survived: a sell of 3 fills B1's remaining 2 before B2.
  after.send(order('S2', 'sell', 3, '5000.00'));
  const b1Fill = await after.next(execFor('B1', 'F'));
  const b2Fill = await after.next(execFor('B2', 'F'));
  expect([b1Fill.get(Tag.LastQty), b1Fill.get(Tag.OrdStatus), b2Fill.get(Tag.LastQty), b2Fill.get(Tag.OrdStatus)]).toEqual(['2', '2', '1', '1']);
  const execNumber = (id: string) => Number(id.slice(1));
  expect(execNumber(b1Fill.get(Tag.ExecID)!)).toBeGreaterThan(execNumber(lastExecBefore));
  const s2 = await after.next(execFor('S2', '0'));
  const orderNumber = (id: string) => Number(id.split('-')[1]);
  expect(orderNumber(s2.get(Tag.OrderID)!)).toBeGreaterThan(orderNumber(b2Ack.get(Tag.OrderID)!));
  await after.stop();
});
