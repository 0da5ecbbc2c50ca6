import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { completeMessage, fillTimes, parseScript } from './AcceptanceScript';
import type { Step } from './AcceptanceScript';
import { mismatch } from './MessageComparator';
import { printable, ScriptConnection } from './ScriptConnection';

export interface CaseResult {
  readonly name: string;
  /** null when every step held; else the first step that did not, and why. */
  readonly failure: string | null;
  readonly ms: number;
}

export interface RunOptions {
  readonly host: string;
  readonly port: number;
  /** How long an expected message may take (the heartbeat cases wait several seconds). */
  readonly expectTimeoutMs?: number;
  /** How long an expected disconnection may take (QuickFIX's runner: 10 s). */
  readonly disconnectTimeoutMs?: number;
}

/** The `.def` scripts of a folder, by name, in the order QuickFIX's runner takes them. */
export function scriptsIn(dir: string): { name: string; path: string }[] {
  return readdirSync(dir)
    .filter((file) => file.endsWith('.def'))
    .sort()
    .map((file) => ({ name: basename(file, '.def'), path: join(dir, file) }));
}

/** Runs scripts one after another against one running engine, as QuickFIX's runner does. */
export async function runScripts(scripts: readonly { name: string; path: string }[], options: RunOptions): Promise<CaseResult[]> {
  const results: CaseResult[] = [];
  for (const script of scripts) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    results.push(await runScript(script.name, readFileSync(script.path, 'latin1'), options));
  }
  return results;
}

export async function runScript(name: string, text: string, options: RunOptions): Promise<CaseResult> {
  const started = Date.now();
  const connections = new Map<number, ScriptConnection>();
  let current: Step | undefined;
  try {
    for (const step of parseScript(text)) {
      current = step;
      await runStep(step, connections, options);
    }
    return { name, failure: null, ms: Date.now() - started };
  } catch (e) {
    const where = current === undefined ? '' : `line ${current.lineNumber}: ${printable(current.line)}\n`;
    return { name, failure: `${where}${e instanceof Error ? e.message : String(e)}`, ms: Date.now() - started };
  } finally {
    for (const connection of connections.values()) connection.close();
  }
}

async function runStep(step: Step, connections: Map<number, ScriptConnection>, options: RunOptions): Promise<void> {
  const connection = connections.get(step.connection);
  switch (step.kind) {
    case 'connect':
      connections.set(step.connection, await ScriptConnection.open(options.host, options.port));
      return;
    case 'disconnect':
      connection?.close();
      connections.delete(step.connection);
      return;
    case 'expectConnect':
      throw new Error('eCONNECT (the engine connecting to us) is for initiator scripts; this runner tests an acceptor');
    case 'expectDisconnect':
      if (connection === undefined) throw new Error(`no connection ${step.connection} to wait on`);
      await connection.expectClose(options.disconnectTimeoutMs ?? 10_000);
      return;
    case 'send':
      if (connection === undefined) throw new Error('Unable to send message because connection was dropped');
      connection.send(completeMessage(fillTimes(step.message, Date.now())));
      return;
    case 'expect': {
      if (connection === undefined) throw new Error(`no connection ${step.connection} to read from`);
      const expected = completeMessage(fillTimes(step.message, Date.now()));
      const received = await connection.readMessage(options.expectTimeoutMs ?? 20_000);
      const reason = mismatch(expected, received);
      if (reason !== null) throw new Error(`${reason}\n  expected: ${printable(expected)}\n  received: ${printable(received)}`);
      return;
    }
  }
}
