// FIX codec benchmark: Tessera's codec beside jspurefix 5 (its AsciiMsgTransmitter /
// AsciiParser over QuickFIX's FIX44 dictionary), same messages, same run, alternating rounds.
// Run: npm run bench -- fix (bench/main.ts).
import 'reflect-metadata';
import { createRequire } from 'node:module';
import { FixEncoder, FixFramer, FixMessage, FixView, formatForLog, utcTimestamp } from '../src-shared/fix/codec';
import { FixDictionary } from '../src-shared/fix/dictionary';
import type { HeaderFields } from '../src-shared/fix/codec';
import {
  buildExecutionReport,
  buildNewOrderSingle,
  type ExecutionReport,
  type NewOrderSingle,
  readExecutionReport,
  readNewOrderSingle,
} from '../src-shared/fix/codec/messages';
import type { BenchRow } from './table';

/** The parts of jspurefix the benchmark drives (it is CommonJS with deep module paths). */
interface JsView {
  getString(tag: number): string | undefined;
  toObject(): unknown;
}
interface JsParser {
  on(event: 'msg', listener: (msgType: string, view: JsView) => void): void;
  parseBuffer(buffer: Buffer): void;
}
interface JsTransmitter {
  encodeMessage(msgType: string, obj: object): unknown;
  encoder: { reset(): void; trim(): Buffer };
}
interface JsContainer {
  resolve<T>(token: string): T;
}
interface JsConfig {
  definitions: unknown;
  sessionContainer: JsContainer;
}

const require = createRequire(import.meta.url);

async function jspurefixSession(): Promise<{ transmitter: JsTransmitter; parser: JsParser }> {
  const jspurefix = require('jspurefix') as {
    SessionContainer: new () => { registerGlobal(level: string): void; makeSystem(d: object): Promise<JsContainer> };
    DefinitionFactory: new () => { getDefinitions(name: string): Promise<unknown> };
    AsciiParser: new (config: JsConfig, stream: null, buffer: unknown, maxLen: number) => JsParser;
    DITokens: Record<string, string>;
  };
  const { makeSessionScope } = require('jspurefix/dist/runtime/session-scope') as { makeSessionScope(c: JsConfig): JsConfig };
  const { AsciiMsgTransmitter } = require('jspurefix/dist/transport/ascii/ascii-msg-transmitter') as {
    AsciiMsgTransmitter: new (c: JsConfig) => JsTransmitter;
  };
  const tokens = jspurefix.DITokens;
  const system = new jspurefix.SessionContainer();
  system.registerGlobal('error');
  const container = await system.makeSystem({
    application: { type: 'initiator', name: 'bench', protocol: 'ascii', dictionary: 'qf44', tcp: { host: 'localhost', port: 2344 }, reconnectSeconds: 10 },
    SenderCompId: 'Tessera',
    TargetCompID: 'DEMO',
    BeginString: 'FIX.4.4',
    HeartBtInt: 30,
    EncryptMethod: 0,
    ResetSeqNumFlag: true,
  });
  const config = container.resolve<JsConfig>(tokens.IJsFixConfig!);
  config.definitions = await new jspurefix.DefinitionFactory().getDefinitions('qf44');
  const scoped = makeSessionScope(config);
  const buffer = scoped.sessionContainer.resolve<unknown>(tokens.ParseBuffer!);
  const maxLen = scoped.sessionContainer.resolve<number>(tokens.maxMessageLen!);
  return { transmitter: new AsciiMsgTransmitter(scoped), parser: new jspurefix.AsciiParser(scoped, null, buffer, maxLen) };
}

const order: NewOrderSingle = {
  clOrdID: 'c-1000001',
  account: '11111',
  symbol: 'BRN',
  securityID: 'BRN-2027F',
  securityExchange: 'ICE',
  side: '1',
  transactTime: '20261122-09:30:00.120',
  orderQty: '5',
  ordType: '2',
  price: '81.37',
  timeInForce: '0',
};

const fill: ExecutionReport = {
  orderID: 'o-2000001',
  clOrdID: 'c-1000001',
  execID: 'e-3000001',
  execType: 'F',
  ordStatus: '1',
  account: '11111',
  symbol: 'BRN',
  securityID: 'BRN-2027F',
  securityExchange: 'ICE',
  side: '1',
  orderQty: '5',
  ordType: '2',
  price: '81.37',
  lastQty: '2',
  lastPx: '81.37',
  leavesQty: '3',
  cumQty: '2',
  avgPx: '81.37',
  transactTime: '20261122-09:30:00.200',
};

/** The same messages as jspurefix's typed objects (numbers and Dates where it wants them). */
const jsOrder = {
  ClOrdID: order.clOrdID,
  Account: order.account,
  Instrument: { Symbol: order.symbol, SecurityID: order.securityID, SecurityExchange: order.securityExchange },
  Side: order.side,
  TransactTime: new Date(Date.UTC(2026, 10, 22, 9, 30, 0, 120)),
  OrderQtyData: { OrderQty: 5 },
  OrdType: order.ordType,
  Price: 81.37,
  TimeInForce: order.timeInForce,
};

const jsFill = {
  OrderID: fill.orderID,
  ClOrdID: fill.clOrdID,
  ExecID: fill.execID,
  ExecType: fill.execType,
  OrdStatus: fill.ordStatus,
  Account: fill.account,
  Instrument: { Symbol: fill.symbol, SecurityID: fill.securityID, SecurityExchange: fill.securityExchange },
  Side: fill.side,
  OrderQtyData: { OrderQty: 5 },
  OrdType: fill.ordType,
  Price: 81.37,
  LastQty: 2,
  LastPx: 81.37,
  LeavesQty: 3,
  CumQty: 2,
  AvgPx: 81.37,
  TransactTime: new Date(Date.UTC(2026, 10, 22, 9, 30, 0, 200)),
};

const BATCH = 1000;
const CHUNK = 16 * 1024;
const ROUNDS = 9;
const ROUND_MS = 200;

/**
 * Messages per second of one round of `run` (about ROUND_MS long): per second of wall time,
 * and per CPU-second of this process (its GC and compiler threads included). On a shared
 * machine the second is the steadier one: time spent waiting for a core is not counted.
 */
interface Rate {
  wall: number;
  cpu: number;
}

function round(perCall: number, run: () => void): Rate {
  let calls = 0;
  const cpu = process.cpuUsage();
  const start = performance.now();
  let now = start;
  while (now - start < ROUND_MS) {
    run();
    calls++;
    now = performance.now();
  }
  const used = process.cpuUsage(cpu);
  return { wall: (calls * perCall * 1000) / (now - start), cpu: (calls * perCall * 1e6) / Math.max(1, used.user + used.system) };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function medianRate(rates: Rate[]): Rate {
  return { wall: median(rates.map((r) => r.wall)), cpu: median(rates.map((r) => r.cpu)) };
}

/**
 * Runs `run` for ROUND_MS of this process's CPU time before measuring: on a loaded machine a
 * wall-clock warm-up can end before the optimizing compiler has had a core.
 */
function warmUp(run: () => void): void {
  const cpu = process.cpuUsage();
  for (;;) {
    run();
    const used = process.cpuUsage(cpu);
    if (used.user + used.system >= ROUND_MS * 1000) return;
  }
}

/** Median rates of `run`, which handles `perCall` messages per call. */
function measure(perCall: number, run: () => void): Rate {
  warmUp(run);
  return medianRate(Array.from({ length: ROUNDS }, () => round(perCall, run)));
}

/**
 * Both sides measured in alternating rounds, so a change in machine load (other processes)
 * hits both alike; medians of each.
 */
function measurePair(perCall: number, ours: () => void, theirs: () => void): [Rate, Rate] {
  warmUp(ours);
  warmUp(theirs);
  const a: Rate[] = [];
  const b: Rate[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    a.push(round(perCall, ours));
    b.push(round(perCall, theirs));
  }
  return [medianRate(a), medianRate(b)];
}

/** A stream of BATCH copies of a frame, cut into socket-sized chunks. */
function chunksOf(frame: Uint8Array): Buffer[] {
  const stream = Buffer.alloc(frame.length * BATCH);
  for (let i = 0; i < BATCH; i++) stream.set(frame, i * frame.length);
  const chunks: Buffer[] = [];
  for (let at = 0; at < stream.length; at += CHUNK) chunks.push(stream.subarray(at, Math.min(stream.length, at + CHUNK)));
  return chunks;
}

let sink = 0;

function row(name: string, ours: Rate, theirs: Rate | undefined, target?: string): BenchRow {
  const r: BenchRow = {
    name,
    'Tessera msg/s': Math.round(ours.wall),
    'Tessera µs/msg': Number((1e6 / ours.wall).toFixed(3)),
    'Tessera msg/CPU-s': Math.round(ours.cpu),
  };
  if (theirs !== undefined) {
    r['jspurefix msg/s'] = Math.round(theirs.wall);
    r['jspurefix µs/msg'] = Number((1e6 / theirs.wall).toFixed(3));
    r['× jspurefix'] = Number((ours.wall / theirs.wall).toFixed(1));
  }
  if (target !== undefined) r.target = target;
  return r;
}

export async function runFixCodecBench(): Promise<BenchRow[]> {
  const { transmitter, parser } = await jspurefixSession();
  let jsHandler: (view: JsView) => void = () => undefined;
  parser.on('msg', (_type, view) => jsHandler(view));

  const rows: BenchRow[] = [];
  const cases = [
    { label: 'NewOrderSingle', msgType: 'D', build: (msg: FixMessage) => buildNewOrderSingle(order, msg), read: readNewOrderSingle, js: jsOrder, tags: [11, 1, 55, 54, 38, 44] },
    { label: 'ExecutionReport', msgType: '8', build: (msg: FixMessage) => buildExecutionReport(fill, msg), read: readExecutionReport, js: jsFill, tags: [37, 11, 150, 39, 14, 151] },
  ];
  for (const c of cases) {
    const encoder = new FixEncoder();
    const msg = new FixMessage(c.msgType);
    const header: HeaderFields = { senderCompID: 'Tessera', targetCompID: 'DEMO', msgSeqNum: 1, sendingTime: '', senderSubID: 'Trader1' };
    let seq = 0;
    const [ourEncode, theirEncode] = measurePair(
      1,
      () => {
        header.msgSeqNum = ++seq;
        header.sendingTime = utcTimestamp(Date.now());
        sink += encoder.encode(header, c.build(msg)).length;
      },
      // As jspurefix's MsgTransmitter sends: reset, encode, trim (copy with SOH delimiters).
      () => {
        transmitter.encoder.reset();
        transmitter.encodeMessage(c.msgType, c.js);
        sink += transmitter.encoder.trim().length;
      },
    );
    rows.push(row(`${c.label}: encode (typed object → wire bytes)`, ourEncode, theirEncode, '≥ 5× jspurefix'));

    const frame = new FixEncoder().encodeCopy({ ...header, msgSeqNum: 1, sendingTime: '20261122-09:30:00.125' }, c.build(new FixMessage(c.msgType)));
    const view = new FixView();
    const ourView = measure(BATCH, () => {
      for (let i = 0; i < BATCH; i++) {
        view.reset(frame);
        for (const tag of c.tags) sink += view.get(tag)!.length;
      }
    });
    rows.push(row(`${c.label}: zero-copy decode (FixView.reset + read 6 tags)`, ourView, undefined, '≥ 1.5 M msg/s'));
    const dictionary = FixDictionary.tessera();
    view.reset(frame);
    const ourValidate = measure(BATCH, () => {
      for (let i = 0; i < BATCH; i++) sink += dictionary.validate(view) === null ? 1 : 0;
    });
    rows.push(row(`${c.label}: validate against FIX44-tessera.xml`, ourValidate, undefined));
    const ourLog = measure(BATCH, () => {
      for (let i = 0; i < BATCH; i++) sink += formatForLog(frame).length;
    });
    rows.push(row(`${c.label}: log line (formatForLog, masked)`, ourLog, undefined));

    const chunks = chunksOf(frame);
    const framer = new FixFramer();
    const readTags = (v: JsView): void => {
      for (const tag of c.tags) sink += v.getString(tag)!.length;
    };
    const materialise = (v: JsView): void => {
      sink += v.toObject() === null ? 0 : 1;
    };
    const [ourStream, theirStream] = measurePair(
      BATCH,
      () => {
        for (const chunk of chunks) {
          framer.push(chunk);
          for (let r = framer.next(); r !== null; r = framer.next()) {
            view.reset(r.bytes);
            for (const tag of c.tags) sink += view.get(tag)!.length;
          }
        }
      },
      () => {
        jsHandler = readTags;
        for (const chunk of chunks) parser.parseBuffer(chunk);
      },
    );
    rows.push(row(`${c.label}: stream decode, read 6 tags (framer + view / parser + view)`, ourStream, theirStream));

    const [ourTyped, theirTyped] = measurePair(
      BATCH,
      () => {
        for (const chunk of chunks) {
          framer.push(chunk);
          for (let r = framer.next(); r !== null; r = framer.next()) sink += FixMessage.fromView(view.reset(r.bytes)).fieldCount;
        }
      },
      () => {
        jsHandler = materialise;
        for (const chunk of chunks) parser.parseBuffer(chunk);
      },
    );
    rows.push(row(`${c.label}: typed decode (FixMessage.fromView / toObject)`, ourTyped, theirTyped, '≥ 5× jspurefix'));
    const [ourReader, theirTyped2] = measurePair(
      BATCH,
      () => {
        for (const chunk of chunks) {
          framer.push(chunk);
          for (let r = framer.next(); r !== null; r = framer.next()) sink += Object.keys(c.read(view.reset(r.bytes))).length;
        }
      },
      () => {
        jsHandler = materialise;
        for (const chunk of chunks) parser.parseBuffer(chunk);
      },
    );
    rows.push(row(`${c.label}: typed decode (read${c.label} / toObject)`, ourReader, theirTyped2));
  }
  // How fast this machine is right now: a plain loop summing a 200-byte frame (a checksum).
  const bytes = new Uint8Array(200).map((_, i) => i);
  const reference = measure(1, () => {
    let sum = 0;
    for (let i = 0; i < bytes.length; i++) sum += bytes[i]!;
    sink += sum;
  });
  rows.push(row('reference: a plain loop summing a 200-byte frame (machine speed)', reference, undefined));
  if (sink === 42) console.log('');
  return rows;
}
