import type { ShortcutText } from './keyChords';

/** Something the trader can do from the command palette or a menu. */
export interface WorkspaceCommand {
  readonly id: string;
  readonly title: string;
  /** The menu it also sits in. */
  readonly category: 'Windows' | 'Layout';
  readonly shortcut?: ShortcutText;
  run(): void;
}

/**
 * The commands that match what was typed, best first: the title starting with the query, then
 * a word of it starting with the query, then containing it, then every typed word starting a
 * word of it (`split right`), then its letters in order (`cn` finds "Connections"). Ties keep
 * their given order so the list does not jump about.
 */
export function matchCommands(commands: readonly WorkspaceCommand[], query: string): WorkspaceCommand[] {
  const needle = query.trim().toLowerCase().replace(/\s+/g, ' ');
  if (needle === '') return [...commands];
  return commands
    .map((command, index) => ({ command, index, score: scoreOf(command.title.toLowerCase(), needle) }))
    .filter((entry) => entry.score > 0)
    .sort((a, b) => b.score - a.score || a.index - b.index)
    .map((entry) => entry.command);
}

function scoreOf(title: string, needle: string): number {
  const words = title.split(/\s+/);
  if (title.startsWith(needle)) return 5;
  if (words.some((word) => word.startsWith(needle))) return 4;
  if (title.includes(needle)) return 3;
  if (needle.split(' ').every((part) => words.some((word) => word.startsWith(part)))) return 2;
  return isSubsequence(needle, title) ? 1 : 0;
}

function isSubsequence(needle: string, haystack: string): boolean {
  let at = 0;
  for (const char of needle) {
    if (char === ' ') continue;
    at = haystack.indexOf(char, at);
    if (at < 0) return false;
    at += 1;
  }
  return true;
}
