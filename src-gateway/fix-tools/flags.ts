import { existsSync, readFileSync } from 'node:fs';
import type { FsyncPolicy } from '../../src-shared/fix/node';
import { DailyResetSchedule } from '../../src-shared/fix/session';

/** A command-line value that cannot be used: the command prints it on one line and exits 2. */
export class FlagError extends Error {
  override readonly name = 'FlagError';
}

export function portFlag(value: string | undefined, name = '--port'): number {
  if (value === undefined) throw new FlagError(`${name} is required`);
  const n = Number(value);
  if (!/^\d+$/.test(value) || n > 65535) throw new FlagError(`${name} must be a port number 0-65535, got "${value}"`);
  return n;
}

export function positiveIntFlag(value: string, name: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || !Number.isSafeInteger(n)) throw new FlagError(`${name} must be a whole number >= 1, got "${value}"`);
  return n;
}

export function secondsFlag(value: string, name: string): number {
  const n = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value) || !(n > 0)) throw new FlagError(`${name} must be a number of seconds > 0, got "${value}"`);
  return n;
}

export function fsyncFlag(value: string): FsyncPolicy {
  if (value !== 'always' && value !== 'batch' && value !== 'never') throw new FlagError(`--fsync must be always, batch or never, got "${value}"`);
  return value;
}

export function compIDFlag(value: string, name: string): string {
  if (!/^[\x21-\x7e]+$/.test(value)) throw new FlagError(`${name} must be printable ASCII without spaces, got "${value}"`);
  return value;
}

export function decimalFlag(value: string, name: string): string {
  if (!/^\d+(\.\d+)?$/.test(value)) throw new FlagError(`${name} must be a decimal number, got "${value}"`);
  return value;
}

export function pemFile(path: string, name: string): string {
  if (!existsSync(path)) throw new FlagError(`${name}: no such file ${path}`);
  const text = readFileSync(path, 'utf8');
  if (!text.includes('-----BEGIN')) throw new FlagError(`${name}: ${path} is not a PEM file`);
  return text;
}

/** Runs a command body: a FlagError or any startup failure becomes one line on stderr. */
export async function runCommand(command: string, body: () => Promise<number>): Promise<void> {
  try {
    process.exitCode = await body();
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    process.stderr.write(`${command}: ${message}\n`);
    process.exitCode = e instanceof FlagError ? 2 : 1;
  }
}

/** --reset-at HH:MM[:SS] with --time-zone (IANA, default UTC): the daily session reset. */
export function scheduleFlags(resetAt: string | undefined, timeZone: string | undefined): DailyResetSchedule | undefined {
  if (resetAt === undefined) {
    if (timeZone !== undefined) throw new FlagError('--time-zone goes with --reset-at');
    return undefined;
  }
  try {
    return new DailyResetSchedule(resetAt, timeZone ?? 'UTC');
  } catch (e) {
    throw new FlagError(`--reset-at/--time-zone: ${(e as Error).message}`);
  }
}
