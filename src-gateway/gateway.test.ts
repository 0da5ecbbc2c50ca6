import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixMessage, Tag } from '../src-shared/fix/codec';
import { PasswordHasher } from './auth/passwords';
import { gatewayConfigFromValue } from './config/gatewayConfig';
import { GatewayTestClient, limitOrder, traderLogon, type ClientLogon } from './fix/gatewayTestClient';
import { startGateway, type RunningGateway } from './gateway';

// The T4 multi-trader API over real TCP against a fresh gateway with the demo firm (SPEC §2,
// seed 004), and who receives which execution reports (seed 000).

const TESSERA = '7E4C1F0A-5B2D-4C8E-9A31-2F6D8B0C4E17';
const FILLS = 'C81A6F3E-2D94-4B7A-8E05-6F3B19C2D7A0';

let dir: string;
let gateway: RunningGateway;
const clients: GatewayTestClient[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tessera-gw-'));
  const config = gatewayConfigFromValue(
    { fix: { port: 0 }, admin: { port: 0 }, dataDir: dir, market: { backgroundFlow: false } },
    { source: 'test', baseDir: dir },
  );
  gateway = await startGateway(config, { hasher: new PasswordHasher({ logN: 10, r: 8, p: 1 }) });
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.stop().catch(() => undefined)));
  await gateway.close();
  rmSync(dir, { recursive: true, force: true });
});

function client(logon: Partial<ClientLogon> & Pick<ClientLogon, 'username' | 'password'>): GatewayTestClient {
  const c = new GatewayTestClient(gateway.fixPort, { application: 'Tessera', firm: 'DemoFirm', licence: TESSERA, ...logon });
  clients.push(c);
  return c;
}

const isType = (type: string) => (m: FixMessage) => m.msgType === type;
const execFor = (clOrdId: string, execType: string) => (m: FixMessage) => m.msgType === '8' && m.get(Tag.ClOrdID) === clOrdId && m.get(Tag.ExecType) === execType;

describe('master logon', () => {
  it('refuses a wrong password and an unknown user with the same text', async () => {
    await expect(client({ username: 'trader1', password: 'nope' }).logOn()).rejects.toThrow('Invalid username or password');
    await expect(client({ username: 'nobody', password: 'nope' }).logOn()).rejects.toThrow('Invalid username or password');
  });

  it('names the licence problem once the password matched', async () => {
    await expect(client({ username: 'trader1', password: 'trader1-demo', licence: 'WRONG' }).logOn()).rejects.toThrow('Invalid licence for application Tessera');
  });

  it('names an application the user does not have', async () => {
    await expect(client({ username: 'viewer', password: 'viewer-demo', application: 'WhenTech', licence: '3B9D2E61-8F47-4A05-B6C3-91E0D5A7F248' }).logOn()).rejects.toThrow(
      'Application WhenTech is not assigned to user viewer',
    );
  });
});

describe('multi-trader session', () => {
  let master: GatewayTestClient;
  let viewer: GatewayTestClient;
  let fills: GatewayTestClient;
  let other: GatewayTestClient;

  beforeAll(async () => {
    master = client({ username: 'admin', password: 'admin-demo' });
    viewer = client({ username: 'viewer', password: 'viewer-demo' });
    fills = client({ username: 'fills', password: 'fills-demo', application: 'WhenTechFills', licence: FILLS, refMsgTypes: [] });
    await Promise.all([master.logOn(), viewer.logOn(), fills.logOn()]);
  });

  it('logs a trader on with UCG, answered by UCH Success carrying 57', async () => {
    master.send(traderLogon('trader1', 'trader1-demo', TESSERA));
    const response = await master.next(isType('UCH'));
    expect([response.get(Tag.Username), response.get(Tag.Text), response.get(Tag.TargetSubID)]).toEqual(['trader1', 'Success', 'trader1']);
  });

  it('answers a failed trader logon with the reason and keeps the session and its traders', async () => {
    master.send(traderLogon('trader2', 'wrong', TESSERA));
    expect((await master.next(isType('UCH'))).get(Tag.Text)).toBe('Invalid username or password');
    master.send(traderLogon('trader1', 'trader1-demo', TESSERA));
    expect((await master.next(isType('UCH'))).get(Tag.Text)).toBe('Trader trader1 is already logged on');
    expect(master.session.isLoggedOn).toBe(true);
  });

  it('refuses trader logons on a session that did not ask for them (372=UCG)', async () => {
    fills.send(traderLogon('trader2', 'trader2-demo', TESSERA));
    expect((await fills.next(isType('UCH'))).get(Tag.Text)).toMatch(/Trader logons are not enabled/);
  });

  it('rejects an application message without SenderSubID (50), naming it', async () => {
    master.send(limitOrder('trader1', { clOrdId: 'X1', account: '11111', symbol: 'ESZ6', side: 'buy', qty: 1, price: '5000.00' }).remove(Tag.SenderSubID));
    const reject = await master.next(isType('3'));
    expect([reject.get(Tag.RefTagID), reject.get(Tag.Text)]).toEqual(['50', 'SenderSubID (50) is required: it names the trader the message is from']);
  });

  it('rejects a message for a trader who is not logged on', async () => {
    master.send(limitOrder('trader2', { clOrdId: 'X2', account: '33333', symbol: 'ESZ6', side: 'buy', qty: 1, price: '5000.00' }));
    expect((await master.next(isType('3'))).get(Tag.Text)).toBe('Trader trader2 is not logged on');
  });

  it('routes an order and drop-copies its reports to every entitled session, and to no other', async () => {
    other = client({ username: 'trader2', password: 'trader2-demo' });
    await other.logOn();
    master.send(limitOrder('trader1', { clOrdId: 'T1-1', account: '11111', symbol: 'ESZ6', side: 'buy', qty: 2, price: '5000.00' }));
    const ack = await master.next((m) => execFor('T1-1', '0')(m) && m.get(Tag.TargetSubID) === 'trader1');
    expect([ack.get(Tag.OrdStatus), ack.get(Tag.Account), ack.get(Tag.Price), ack.get(Tag.OrderQty)]).toEqual(['0', '11111', '5000.00', '2']);
    const viewerCopy = await viewer.next(execFor('T1-1', '0'));
    expect(viewerCopy.get(Tag.TargetSubID)).toBe('viewer');
    expect((await fills.next(execFor('T1-1', '0'))).get(Tag.TargetSubID)).toBe('fills');
    // The admin (RiskManager) master of the same session sees it too, as its own copy.
    expect((await master.next(execFor('T1-1', '0'))).get(Tag.TargetSubID)).toBe('admin');
    await expect(other.next(execFor('T1-1', '0'), 500)).rejects.toThrow('no matching message');
  });

  it('fills when another trader sells into the order, and each side sees only its account', async () => {
    other.send(limitOrder('trader2', { clOrdId: 'T2-1', account: '33333', symbol: 'ESZ6', side: 'sell', qty: 2, price: '5000.00' }));
    const fill = await master.next((m) => execFor('T1-1', 'F')(m) && m.get(Tag.TargetSubID) === 'trader1');
    expect([fill.get(Tag.OrdStatus), fill.get(Tag.LastQty), fill.get(Tag.LastPx), fill.get(Tag.AvgPx)]).toEqual(['2', '2', '5000.00', '5000']);
    expect((await other.next(execFor('T2-1', 'F'))).get(Tag.OrdStatus)).toBe('2');
    await expect(viewer.next(execFor('T2-1', 'F'), 500)).rejects.toThrow('no matching message');
    expect((await fills.next(execFor('T2-1', 'F'))).get(Tag.Account)).toBe('33333');
  });

  it('refuses orders from a user without the Trading role, saying why', async () => {
    viewer.send(limitOrder('viewer', { clOrdId: 'V1', account: '11111', symbol: 'ESZ6', side: 'buy', qty: 1, price: '5000.00' }));
    const refusal = await viewer.next(execFor('V1', '8'));
    expect(refusal.get(Tag.Text)).toBe('User viewer does not have the Trading role');
  });

  it('refuses an account the trader is not assigned and a price off the tick', async () => {
    master.send(limitOrder('trader1', { clOrdId: 'T1-2', account: '33333', symbol: 'ESZ6', side: 'buy', qty: 1, price: '5000.00' }));
    expect((await master.next(execFor('T1-2', '8'))).get(Tag.Text)).toMatch(/33333/);
    master.send(limitOrder('trader1', { clOrdId: 'T1-3', account: '11111', symbol: 'ESZ6', side: 'buy', qty: 1, price: '5000.10' }));
    expect((await master.next(execFor('T1-3', '8'))).get(Tag.Text)).toMatch(/not a price of ESZ6/);
  });

  it('holds a replace to the account limits: a price outside the band is refused with the reason', async () => {
    master.send(limitOrder('trader1', { clOrdId: 'T1-5', account: '11111', symbol: 'ESZ6', side: 'buy', qty: 1, price: '4999.00' }));
    await master.next((m) => execFor('T1-5', '0')(m) && m.get(Tag.TargetSubID) === 'trader1');
    const replace = new FixMessage('G').set(Tag.SenderSubID, 'trader1').set(Tag.OrigClOrdID, 'T1-5').set(Tag.ClOrdID, 'T1-6').set(Tag.Account, '11111');
    replace.set(Tag.Symbol, 'ESZ6').set(Tag.Side, '1').set(Tag.TransactTime, '20261123-15:00:00.000').set(Tag.OrderQty, 1).set(Tag.OrdType, '2').set(Tag.Price, '4900.00');
    master.send(replace);
    const reject = await master.next((m) => m.msgType === '9' && m.get(Tag.ClOrdID) === 'T1-6');
    expect(reject.get(Tag.Text)).toMatch(/more than 100 ticks from the market/);
    master.send(new FixMessage('F').set(Tag.SenderSubID, 'trader1').set(Tag.OrigClOrdID, 'T1-5').set(Tag.ClOrdID, 'T1-7').set(Tag.Account, '11111').set(Tag.Symbol, 'ESZ6').set(Tag.Side, '1').set(Tag.TransactTime, '20261123-15:00:00.000'));
    await master.next((m) => execFor('T1-7', '4')(m) && m.get(Tag.TargetSubID) === 'trader1');
  });

  it('answers OrderMassStatusRequest from the day orders the requester may see', async () => {
    master.send(new FixMessage('AF').set(Tag.SenderSubID, 'trader1').set(Tag.MassStatusReqID, 'M1').set(Tag.MassStatusReqType, 7));
    const reports = new Map<string, FixMessage>();
    for (;;) {
      const report = await master.next((m) => m.msgType === '8' && m.get(Tag.MassStatusReqID) === 'M1');
      reports.set(report.get(Tag.ClOrdID)!, report);
      if (report.get(912) === 'Y') break;
    }
    expect([...reports.keys()].sort()).toEqual(['T1-1', 'T1-7']);
    expect([reports.get('T1-1')!.get(Tag.ExecType), reports.get('T1-1')!.get(Tag.OrdStatus), reports.get('T1-7')!.get(Tag.OrdStatus)]).toEqual(['I', '2', '4']);
    expect(reports.get('T1-1')!.get(911)).toBe('2');
  });

  it('answers OrderStatusRequest for a visible order, and unknown for another account', async () => {
    master.send(new FixMessage('H').set(Tag.SenderSubID, 'trader1').set(Tag.ClOrdID, 'T1-1').set(Tag.Symbol, 'ESZ6').set(Tag.Side, '1'));
    const status = await master.next((m) => m.msgType === '8' && m.get(Tag.ExecType) === 'I' && m.get(Tag.ClOrdID) === 'T1-1');
    expect([status.get(Tag.OrdStatus), status.get(Tag.CumQty), status.get(Tag.AvgPx)]).toEqual(['2', '2', '5000']);
    viewer.send(new FixMessage('H').set(Tag.SenderSubID, 'viewer').set(Tag.ClOrdID, 'T2-1').set(Tag.Symbol, 'ESZ6').set(Tag.Side, '2'));
    const unknown = await viewer.next((m) => m.msgType === '8' && m.get(Tag.ClOrdID) === 'T2-1');
    expect([unknown.get(Tag.Text), unknown.get(Tag.Symbol)]).toEqual(['Unknown order T2-1', 'ESZ6']);
  });

  it('lists instruments with exchange, tick, multiplier and hours (SecurityList)', async () => {
    master.send(new FixMessage('x').set(Tag.SenderSubID, 'trader1').set(Tag.SecurityReqID, 'L1').set(559, 4));
    const list = await master.next(isType('y'));
    const symbols = list.getAll(Tag.Symbol);
    expect(symbols).toEqual(expect.arrayContaining(['ESZ6', 'MESZ6', 'BZF7', 'BRNF7', 'EURUSD', 'USDJPY']));
    const exchanges = list.getAll(Tag.SecurityExchange);
    const ticks = list.getAll(969);
    const multipliers = list.getAll(231);
    const at = (symbol: string) => symbols.indexOf(symbol);
    expect([exchanges[at('ESZ6')], ticks[at('ESZ6')], multipliers[at('ESZ6')]]).toEqual(['CME', '0.25', '50']);
    expect([exchanges[at('BRNF7')], ticks[at('BRNF7')]]).toEqual(['ICE', '0.01']);
    expect(list.getAll(Tag.Text)[at('ESZ6')]).toMatch(/hours .*America\/Chicago/);
  });

  it('closes and opens a market from the admin API: status to every session, orders refused meanwhile', async () => {
    const login = await fetch(`http://127.0.0.1:${gateway.adminPort}/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ firm: 'DemoFirm', username: 'admin', password: 'admin-demo' }),
    });
    const { token } = (await login.json()) as { token: string };
    const setMarket = (open: boolean) =>
      fetch(`http://127.0.0.1:${gateway.adminPort}/exchanges/CME/market`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ open }),
      });
    expect((await setMarket(false)).status).toBe(200);
    const closed = await viewer.next((m) => m.msgType === 'h' && m.get(Tag.TradingSessionID) === 'CME');
    expect(closed.get(Tag.TradSesStatus)).toBe('3');
    master.send(limitOrder('trader1', { clOrdId: 'T1-9', account: '11111', symbol: 'ESZ6', side: 'buy', qty: 1, price: '5000.00' }));
    expect((await master.next(execFor('T1-9', '8'))).get(Tag.OrdRejReason)).toBe('2');
    expect((await setMarket(true)).status).toBe(200);
    expect((await viewer.next((m) => m.msgType === 'h' && m.get(Tag.TradingSessionID) === 'CME')).get(Tag.TradSesStatus)).toBe('2');
  });

  it('logs a trader out with UCI; its messages are then rejected', async () => {
    master.send(new FixMessage('UCI').set(Tag.Username, 'trader1'));
    expect((await master.next(isType('UCI'))).get(Tag.Text)).toBe('Logged out');
    master.send(limitOrder('trader1', { clOrdId: 'T1-4', account: '11111', symbol: 'ESZ6', side: 'buy', qty: 1, price: '5000.00' }));
    expect((await master.next(isType('3'))).get(Tag.Text)).toBe('Trader trader1 is not logged on');
  });

  it('a FIX Logout ends the session with all its traders', async () => {
    master.send(traderLogon('trader1', 'trader1-demo', TESSERA));
    expect((await master.next(isType('UCH'))).get(Tag.Text)).toBe('Success');
    await master.stop();
    expect([...gateway.application.sessions.all()].some((s) => s.trader('trader1') !== undefined)).toBe(false);
  });
});
