import type { Command } from 'commander';
import { resolve } from 'node:path';
import { parsePort } from '../src-main/cli/options';
import { GatewayConfigError, gatewayConfigFromValue, loadGatewayConfig, type GatewayConfig } from './config/gatewayConfig';
import { startGateway } from './gateway';

interface GatewayFlags {
  config?: string;
  dataDir?: string;
  fixPort?: number;
  adminPort?: number;
  quiet?: boolean;
}

/** The line a parent process (the workstation's embedded gateway, tests) waits for. */
export const readyPattern = /^gateway ready: FIX (\S+):(\d+), admin http:\/\/127\.0\.0\.1:(\d+)$/m;

export function registerGatewayCommand(program: Command): void {
  program
    .command('gateway')
    .description('run the FIX gateway with its simulated exchanges (T4-style API, multi-trader mode, admin API on loopback)')
    .option('--config <file>', 'gateway config file (JSON); without one every default applies')
    .option('--data-dir <dir>', 'data folder (overrides the config)')
    .option('--fix-port <n>', 'FIX port (overrides the config; 0 picks a free one)', parsePort)
    .option('--admin-port <n>', 'admin API port (overrides the config; 0 picks a free one)', parsePort)
    .option('--quiet', 'log only errors')
    .action(async (flags: GatewayFlags) => {
      let config: GatewayConfig;
      try {
        config = configFrom(flags);
      } catch (error) {
        if (error instanceof GatewayConfigError) {
          process.stderr.write(`${error.message}\n`);
          process.exit(2);
        }
        throw error;
      }
      const log = flags.quiet ? () => undefined : (line: string) => process.stdout.write(`${new Date().toISOString()} ${line}\n`);
      let gateway: Awaited<ReturnType<typeof startGateway>>;
      try {
        gateway = await startGateway(config, { log });
      } catch (error) {
        const reason = listenFailure(error);
        if (reason === undefined) throw error;
        process.stderr.write(`gateway: ${reason}\n`);
        process.exit(2);
      }
      process.stdout.write(`gateway ready: FIX ${config.fix.host}:${gateway.fixPort}, admin http://127.0.0.1:${gateway.adminPort}\n`);
      const stop = async (): Promise<void> => {
        await gateway.close();
        process.exit(0);
      };
      process.once('SIGINT', () => void stop());
      process.once('SIGTERM', () => void stop());
    });
}

/** A port that cannot be had, in words; undefined for any other failure (a bug: shown whole). */
function listenFailure(error: unknown): string | undefined {
  if (!(error instanceof Error) || !('code' in error)) return undefined;
  const { code, address, port } = error as Error & { code: unknown; address?: unknown; port?: unknown };
  const where = `${typeof address === 'string' ? address : '?'}:${typeof port === 'number' ? port : '?'}`;
  if (code === 'EADDRINUSE') return `cannot listen on ${where}: the port is in use (another gateway running?); choose another with --fix-port / --admin-port or the config`;
  if (code === 'EACCES') return `cannot listen on ${where}: permission denied (ports below 1024 need privileges)`;
  if (code === 'EADDRNOTAVAIL') return `cannot listen on ${where}: no such local address`;
  return undefined;
}

function configFrom(flags: GatewayFlags): GatewayConfig {
  const base = flags.config ? loadGatewayConfig(flags.config) : gatewayConfigFromValue({}, { source: 'defaults', baseDir: process.cwd() });
  return {
    ...base,
    dataDir: flags.dataDir ? resolve(flags.dataDir) : base.dataDir,
    fix: { ...base.fix, port: flags.fixPort ?? base.fix.port },
    admin: { ...base.admin, port: flags.adminPort ?? base.admin.port },
  };
}
