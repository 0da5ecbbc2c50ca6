import { join } from 'node:path';
import { FixFaultProxy, type ProxiedMessage } from './FixFaultProxy';
import type { PeerGroup, PeerProcess } from './PeerProcess';
import { startQuickfixExecutor, startQuickfixTradeClient, type Listening } from './peers';

// The two interop runs of issue 3, written once for any pair of peers: orders flow through the
// fault proxy, one application message is lost in each direction (a real sequence gap each
// way), and once both gaps have been replayed the side under test is killed with SIGKILL
// mid-run and restarted on the same store.

export interface RestartPlan {
  readonly orders: number;
  readonly inFlight: number;
  readonly prefix: string;
  /** Which application message to lose in each direction (1-based). */
  readonly dropToAcceptor: number;
  readonly dropToInitiator: number;
  /** Kill after this many ExecutionReports have passed (and both gaps are replayed). */
  readonly killAfterReports: number;
  readonly timeoutSeconds: number;
}

export const ISSUE_3_PLAN: Omit<RestartPlan, 'prefix'> = {
  orders: 1000,
  inFlight: 50,
  dropToAcceptor: 100,
  dropToInitiator: 301,
  killAfterReports: 900,
  timeoutSeconds: 60,
};

export interface RestartRun {
  readonly messages: readonly ProxiedMessage[];
  /** The restarted side: the run that was killed, then the run after the restart. */
  readonly killed: PeerProcess;
  readonly restarted: PeerProcess;
  /** The side that kept running. */
  readonly counterparty: PeerProcess;
}

export type StartInitiator = (port: number, store: string) => PeerProcess;
export type StartAcceptor = (store: string) => Promise<Listening>;

/** Initiator under test → proxy → QuickFIX executor; the initiator is the one killed. */
export async function runInitiatorRestart(group: PeerGroup, dir: string, plan: RestartPlan, startInitiator: StartInitiator): Promise<RestartRun> {
  const executor = await startQuickfixExecutor(group, { store: join(dir, 'executor') });
  const proxy = await FixFaultProxy.listen(executor.port);
  try {
    const store = join(dir, 'initiator');
    const first = startInitiator(proxy.port, store);
    await killMidRun(proxy, plan, first);
    const restarted = startInitiator(proxy.port, store);
    await restarted.waitForExit(plan.timeoutSeconds * 1000 + 10_000);
    return { messages: proxy.messages, killed: first, restarted, counterparty: executor.process };
  } finally {
    await proxy.close();
  }
}

/** QuickFIX tradeclient → proxy → acceptor under test; the acceptor is the one killed. */
export async function runAcceptorRestart(group: PeerGroup, dir: string, plan: RestartPlan, startAcceptor: StartAcceptor): Promise<RestartRun> {
  const store = join(dir, 'acceptor');
  const first = await startAcceptor(store);
  const proxy = await FixFaultProxy.listen(first.port);
  try {
    const client = startQuickfixTradeClient(group, {
      port: proxy.port,
      store: join(dir, 'tradeclient'),
      prefix: plan.prefix,
      count: plan.orders,
      inFlight: plan.inFlight,
      timeoutSeconds: plan.timeoutSeconds,
    });
    await killMidRun(proxy, plan, first.process);
    const restarted = await startAcceptor(store);
    proxy.upstreamPort = restarted.port;
    await client.waitForExit(plan.timeoutSeconds * 1000 + 10_000);
    return { messages: proxy.messages, killed: first.process, restarted: restarted.process, counterparty: client };
  } finally {
    await proxy.close();
  }
}

// The kill happens inside the proxy's message callback, so it lands at a known point of the
// flow: after the n-th ExecutionReport, with orders and reports still in flight both ways.
async function killMidRun(proxy: FixFaultProxy, plan: RestartPlan, victim: PeerProcess): Promise<void> {
  proxy.dropApplicationMessage('toAcceptor', plan.dropToAcceptor);
  proxy.dropApplicationMessage('toInitiator', plan.dropToInitiator);
  let reports = 0;
  let killRequested = false;
  const replayed = { toAcceptor: false, toInitiator: false };
  const dropped = { toAcceptor: -1, toInitiator: -1 };
  const killed = new Promise<void>((resolve) => {
    const unsubscribe = proxy.onMessage((m) => {
      if (m.dropped) dropped[m.direction] = m.seqNum;
      else if (m.possDup && m.seqNum === dropped[m.direction]) replayed[m.direction] = true;
      if (m.direction === 'toInitiator' && m.msgType === '8') reports++;
      if (reports >= plan.killAfterReports && replayed.toAcceptor && replayed.toInitiator) {
        unsubscribe();
        killRequested = true;
        void victim.killHard();
        resolve();
      }
    });
  });
  const exitedFirst = victim.exited.then((exit) => {
    if (killRequested) return;
    throw new Error(`${victim.name} exited (${JSON.stringify(exit)}) before the planned kill\n${victim.describe()}`);
  });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`no kill point within ${plan.timeoutSeconds} s: ${reports} reports, replays ${JSON.stringify(replayed)}\n${victim.describe()}`)),
      plan.timeoutSeconds * 1000,
    );
  });
  try {
    await Promise.race([killed, exitedFirst, timeout]);
  } finally {
    clearTimeout(timer);
  }
  await victim.exited;
}
