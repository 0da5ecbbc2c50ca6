import type { Command } from 'commander';
import { registerFixTools } from '../../src-gateway/fix-tools/commands';
import { registerGatewayCommand } from '../../src-gateway/gatewayCommand';
import { version } from '../app/version';
import { registerWebCommand } from '../web/webCommand';

// Each process family registers its own subcommands; the CLI only gathers them.
export function registerCommands(program: Command): void {
  program.version(version, '-v, --version');
  registerWebCommand(program);
  registerGatewayCommand(program);
  registerFixTools(program);
}
