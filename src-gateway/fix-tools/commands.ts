import type { Command } from 'commander';
import { registerAcceptorCommand } from './acceptorCommand';
import { registerClientCommand } from './clientCommand';

/** `tessera fix-acceptor` and `tessera fix-client`: the FIX engine's two stand-alone tools. */
export function registerFixTools(program: Command): void {
  registerAcceptorCommand(program);
  registerClientCommand(program);
}
