import { Command } from 'commander';
import { registerCommands } from './commands';

const program = new Command('tessera')
  .description('Tessera trading workstation, gateway and tools')
  .showHelpAfterError();
registerCommands(program);
await program.parseAsync(process.argv);
