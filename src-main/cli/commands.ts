import type { Command } from 'commander';
import { version } from '../app/version';
import { registerWebCommand } from '../web/webCommand';
import { registerFixTools } from '../../src-gateway/fix-tools/commands';

// Each process family registers its own subcommands; the CLI only gathers them.
export function registerCommands(program: Command): void {
  program.version(version, '-v, --version');
  registerWebCommand(program);
  registerFixTools(program);
}
