import { FixMessage, Tag, type FixView } from '../src-shared/fix/codec';
import { FixDictionary } from '../src-shared/fix/dictionary';
import { FixInitiator } from '../src-shared/fix/node';
import { FixSession, type FixApplication } from '../src-shared/fix/session';

// One FIX session of a benchmark client with the gateway, on our engine (initiator, memory
// store, validation with the Tessera dictionary): the master Logon with 553/554, the licence in
// 91/90 and 372=UCG (SPEC §2), then Trader Logons (35=UCG, answered by 35=UCH). Application
// messages go to the handler the benchmark sets; nothing is kept.

export const licences = {
  Tessera: '7E4C1F0A-5B2D-4C8E-9A31-2F6D8B0C4E17',
  WhenTech: '3B9D2E61-8F47-4A05-B6C3-91E0D5A7F248',
  WhenTechFills: 'C81A6F3E-2D94-4B7A-8E05-6F3B19C2D7A0',
} as const;

export type Application = keyof typeof licences;

export interface MasterLogon {
  readonly application: Application;
  readonly username: string;
  readonly password: string;
  /** 372=UCG on the Logon: traders log on under this session (default true). */
  readonly multiTrader?: boolean;
}

const dictionary = FixDictionary.tessera();

export class BenchSession {
  readonly session: FixSession;
  private readonly initiator: FixInitiator;
  /** Application messages after the session logic: the benchmark's measuring code. */
  onApp: (view: FixView, session: FixSession) => void = () => undefined;
  private traderAnswer: ((text: string) => void) | undefined;
  private loggedOn: (() => void) | undefined;
  private ended: ((reason: string) => void) | undefined;
  private stopping = false;
  /** Rejects (35=3) and BusinessMessageRejects (35=j) received: a benchmark that sent well-formed messages gets none. */
  rejects = 0;
  /** ExecutionReports (35=8) received, whoever was measuring. */
  executionReports = 0;

  constructor(
    port: number,
    readonly logon: MasterLogon,
  ) {
    const application: FixApplication = {
      toAdmin: (message) => {
        if (message.msgType !== 'A') return;
        message.set(Tag.SecureData, licences[logon.application]).set(Tag.Username, logon.username).set(Tag.Password, logon.password);
        if (logon.multiTrader !== false) message.set(Tag.NoMsgTypes, 1).add(Tag.RefMsgType, 'UCG');
      },
      onLogon: () => this.loggedOn?.(),
      fromAdmin: (view) => {
        if (view.msgType === '3') this.rejects++;
      },
      fromApp: (view, session) => {
        if (view.msgType === 'UCH') return this.traderAnswer?.(view.get(Tag.Text) ?? '');
        if (view.msgType === '8') this.executionReports++;
        else if (view.msgType === 'j') this.rejects++;
        this.onApp(view, session);
      },
      onLogout: (_session, reason) => {
        if (!this.stopping) this.ended?.(reason);
      },
    };
    this.session = new FixSession({
      settings: { senderCompID: logon.application, targetCompID: 'DemoFirm', role: 'initiator', heartBtInt: 30, resetOnLogon: true, logonTimeout: 60 },
      application,
      validator: dictionary,
    });
    this.initiator = new FixInitiator({
      session: this.session,
      host: '127.0.0.1',
      port,
      reconnect: false,
      onStatus: (status) => {
        if (status.state === 'disconnected' && !this.stopping) this.ended?.(status.reason);
      },
    });
  }

  /** Connects and logs on; rejects with the gateway's reason. Later disconnects go to `onEnd`. */
  logOn(onEnd: (reason: string) => void): Promise<void> {
    return new Promise((resolve, reject) => {
      this.ended = (reason) => reject(new Error(`${this.logon.username} (${this.logon.application}): logon failed: ${reason}`));
      const timer = setTimeout(() => reject(new Error(`${this.logon.username}: no Logon answer within 70 s`)), 70_000);
      this.loggedOn = () => {
        this.loggedOn = undefined;
        clearTimeout(timer);
        this.ended = (reason) => onEnd(`${this.logon.username}'s session ended: ${reason}`);
        resolve();
      };
      this.initiator.start();
    });
  }

  /** Trader Logon (35=UCG) under this session; resolves on Success, rejects with the reason. */
  traderLogon(username: string, password: string): Promise<void> {
    return new Promise((resolve, reject) => {
      this.traderAnswer = (text) => {
        this.traderAnswer = undefined;
        if (text === 'Success') resolve();
        else reject(new Error(`trader logon ${username}: ${text}`));
      };
      this.session.send(
        new FixMessage('UCG').set(Tag.SecureData, licences[this.logon.application]).set(Tag.Username, username).set(Tag.Password, password),
      );
    });
  }

  send(message: FixMessage): void {
    this.session.send(message);
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.initiator.stop('benchmark done');
  }
}
