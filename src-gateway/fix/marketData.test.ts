import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { FixMessage, Tag } from '../../src-shared/fix/codec';
import { PasswordHasher } from '../auth/passwords';
import { gatewayConfigFromValue } from '../config/gatewayConfig';
import { startGateway, type RunningGateway } from '../gateway';
import { GatewayTestClient, limitOrder } from './gatewayTestClient';

// Full-depth market data over FIX under load: background flow plus a burst of client orders.
// Every incremental entry's RptSeq follows the last one, and the book a client builds from the
// snapshot and the increments equals a fresh snapshot at the same sequence number.

const TESSERA = '7E4C1F0A-5B2D-4C8E-9A31-2F6D8B0C4E17';
const RptSeq = 83;
let dir: string;
let gateway: RunningGateway;
let client: GatewayTestClient;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tessera-md-'));
  const config = gatewayConfigFromValue({ fix: { port: 0 }, admin: { port: 0 }, dataDir: dir, market: { backgroundFlow: true, backgroundSeed: 7 } }, { source: 'test', baseDir: dir });
  gateway = await startGateway(config, { hasher: new PasswordHasher({ logN: 10, r: 8, p: 1 }) });
  client = new GatewayTestClient(gateway.fixPort, { application: 'Tessera', firm: 'DemoFirm', licence: TESSERA, username: 'trader1', password: 'trader1-demo' });
  await client.logOn();
});

afterAll(async () => {
  await client.stop();
  await gateway.close();
  rmSync(dir, { recursive: true, force: true });
});

function request(mdReqId: string, type: '0' | '1'): FixMessage {
  const msg = new FixMessage('V').set(Tag.SenderSubID, 'trader1').set(Tag.MDReqID, mdReqId).set(Tag.SubscriptionRequestType, type).set(Tag.MarketDepth, 0);
  msg.set(Tag.NoMDEntryTypes, 3).add(Tag.MDEntryType, '0').add(Tag.MDEntryType, '1').add(Tag.MDEntryType, '2');
  return msg.set(Tag.NoRelatedSym, 1).add(Tag.Symbol, 'ESZ6').add(Tag.SecurityExchange, 'CME');
}

type Book = Map<string, string>;

/** Entries of a message's NoMDEntries group, one record per entry (fields keyed by tag). */
function entries(message: FixMessage, firstTag: number): Array<Map<number, string>> {
  const result: Array<Map<number, string>> = [];
  let inGroup = false;
  for (let i = 0; i < message.fieldCount; i++) {
    const tag = message.tagAt(i);
    if (tag === Tag.NoMDEntries) inGroup = true;
    else if (inGroup && tag === firstTag) result.push(new Map());
    if (inGroup) result.at(-1)?.set(tag, message.valueAt(i));
  }
  return result;
}

function bookOf(snapshot: FixMessage): Book {
  const book: Book = new Map();
  for (const entry of entries(snapshot, Tag.MDEntryType)) {
    const type = entry.get(Tag.MDEntryType)!;
    if (type === '0' || type === '1') book.set(`${type}@${entry.get(Tag.MDEntryPx)}`, entry.get(Tag.MDEntrySize)!);
  }
  return book;
}

it('keeps RptSeq contiguous and the client book equal to the gateway book', async () => {
  client.send(request('sub', '1'));
  const snapshot = await client.next((m) => m.msgType === 'W' && m.get(Tag.MDReqID) === 'sub');
  const book = bookOf(snapshot);
  let seq = Number(snapshot.get(RptSeq));
  expect(book.size).toBeGreaterThan(10);

  for (let i = 0; i < 200; i++) {
    const side = i % 2 === 0 ? 'buy' : 'sell';
    const price = (6000 + (side === 'buy' ? -1 : 1) * (i % 8) * 0.25).toFixed(2);
    client.send(limitOrder('trader1', { clOrdId: `L${i}`, account: '11111', symbol: 'ESZ6', side, qty: 1 + (i % 5), price }));
  }
  await new Promise((resolve) => setTimeout(resolve, 1500));
  client.send(request('check', '0'));
  const check = await client.next((m) => m.msgType === 'W' && m.get(Tag.MDReqID) === 'check');
  const target = Number(check.get(RptSeq));

  let increments = 0;
  while (seq < target) {
    const x = await client.next((m) => m.msgType === 'X', 2000);
    for (const entry of entries(x, Tag.MDUpdateAction)) {
      const entrySeq = Number(entry.get(RptSeq));
      expect(entrySeq).toBe(seq + 1);
      seq = entrySeq;
      increments++;
      const type = entry.get(Tag.MDEntryType)!;
      if (type === '2') continue;
      const key = `${type}@${entry.get(Tag.MDEntryPx)}`;
      if (entry.get(Tag.MDUpdateAction) === '2') book.delete(key);
      else book.set(key, entry.get(Tag.MDEntrySize)!);
    }
  }
  expect(seq).toBe(target);
  expect(increments).toBeGreaterThan(200);
  expect(book).toEqual(bookOf(check));
});
