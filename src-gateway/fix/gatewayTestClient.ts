import { FixMessage, Tag, type FixView } from '../../src-shared/fix/codec';
import { FixDictionary } from '../../src-shared/fix/dictionary';
import { FixInitiator, type InitiatorStatus } from '../../src-shared/fix/node';
import { FixSession } from '../../src-shared/fix/session';

export interface ClientLogon {
  application: string;
  firm: string;
  licence: string;
  username: string;
  password: string;
  /** RefMsgTypes (372) of the Logon: UCG enables trader logons. */
  refMsgTypes?: string[];
}

/** A FIX client of the gateway for tests: our engine as initiator, every message it receives kept. */
export class GatewayTestClient {
  readonly received: FixMessage[] = [];
  readonly initiator: FixInitiator;
  private readonly waiters: Array<{ test: (m: FixMessage) => boolean; resolve: (m: FixMessage) => void }> = [];
  private loggedOut: ((text: string) => void) | undefined;
  private onStatus: ((status: InitiatorStatus) => void) | undefined;
  logoutText: string | undefined;

  constructor(port: number, logon: ClientLogon) {
    const dictionary = FixDictionary.tessera();
    const session = new FixSession({
      settings: { senderCompID: logon.application, targetCompID: logon.firm, role: 'initiator', heartBtInt: 30, resetOnLogon: true },
      validator: dictionary,
      application: {
        toAdmin: (message) => {
          if (message.msgType !== 'A') return;
          message.set(Tag.SecureData, logon.licence).set(Tag.Username, logon.username).set(Tag.Password, logon.password);
          const types = logon.refMsgTypes ?? ['UCG'];
          message.set(Tag.NoMsgTypes, types.length);
          for (const type of types) message.add(Tag.RefMsgType, type);
        },
        fromAdmin: (view) => this.keep(view),
        fromApp: (view) => this.keep(view),
        onLogout: (_s, reason) => {
          this.logoutText = reason;
          this.loggedOut?.(reason);
        },
      },
    });
    this.initiator = new FixInitiator({ session, host: '127.0.0.1', port, reconnect: false, onStatus: (status) => this.onStatus?.(status) });
  }

  get session(): FixSession {
    return this.initiator.session;
  }

  /** Connects; resolves when logged on, rejects with the gateway's Logout text. */
  logOn(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.loggedOut = (text) => reject(new Error(text));
      this.onStatus = (status) => {
        if (status.state === 'logged-on') resolve();
      };
      this.initiator.start();
    });
  }

  send(message: FixMessage): void {
    this.session.send(message);
  }

  /** The first message received (already, or from now on) that passes the test. */
  next(test: (m: FixMessage) => boolean, timeoutMs = 5000): Promise<FixMessage> {
    const found = this.received.find(test);
    if (found) {
      this.received.splice(this.received.indexOf(found), 1);
      return Promise.resolve(found);
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching message within ${timeoutMs} ms; received: ${this.received.map((m) => m.msgType).join(',')}`)), timeoutMs);
      this.waiters.push({
        test,
        resolve: (m) => {
          clearTimeout(timer);
          resolve(m);
        },
      });
    });
  }

  async stop(): Promise<void> {
    await this.initiator.stop();
  }

  private keep(view: FixView): void {
    const message = FixMessage.fromView(view);
    const i = this.waiters.findIndex((w) => w.test(message));
    if (i >= 0) {
      const [waiter] = this.waiters.splice(i, 1);
      waiter!.resolve(message);
      return;
    }
    this.received.push(message);
  }
}

export function traderLogon(username: string, password: string, licence: string): FixMessage {
  return new FixMessage('UCG').set(Tag.SecureData, licence).set(Tag.Username, username).set(Tag.Password, password);
}

export function limitOrder(trader: string, fields: { clOrdId: string; account: string; symbol: string; side: 'buy' | 'sell'; qty: number; price: string; exchange?: string }): FixMessage {
  const msg = new FixMessage('D').set(Tag.SenderSubID, trader).set(Tag.ClOrdID, fields.clOrdId).set(Tag.Account, fields.account);
  msg.set(Tag.Symbol, fields.symbol);
  if (fields.exchange) msg.set(Tag.SecurityExchange, fields.exchange);
  msg.set(Tag.Side, fields.side === 'buy' ? '1' : '2').set(Tag.TransactTime, '20261123-15:00:00.000');
  return msg.set(Tag.OrderQty, fields.qty).set(Tag.OrdType, '2').set(Tag.Price, fields.price).set(Tag.TimeInForce, '0');
}
