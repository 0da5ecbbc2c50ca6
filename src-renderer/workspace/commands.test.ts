import { describe, expect, it } from 'vitest';
import { matchCommands, type WorkspaceCommand } from './commands';

const command = (title: string): WorkspaceCommand => ({ id: title, title, category: 'Windows', run: () => undefined });
const commands = [command('Open Connections'), command('Open Order Book'), command('Reset layout'), command('Close active panel')];
const titles = (query: string): string[] => matchCommands(commands, query).map((entry) => entry.title);

describe('matchCommands', () => {
  it('lists everything for an empty query, in order', () => {
    expect(titles('  ')).toEqual(['Open Connections', 'Open Order Book', 'Reset layout', 'Close active panel']);
  });

  it('ranks a title prefix over a word prefix over a substring over scattered letters', () => {
    const ranked = matchCommands(
      [command('xxconnxx'), command('c o n n'), command('Open Connections'), command('Connections')],
      'conn',
    ).map((entry) => entry.title);
    expect(ranked).toEqual(['Connections', 'Open Connections', 'xxconnxx', 'c o n n']);
  });

  it('ignores case and drops what does not match', () => {
    expect(titles('LAYOUT')).toEqual(['Reset layout']);
    expect(titles('zzz')).toEqual([]);
  });

  it('finds typed words at the starts of words, in any order', () => {
    const split = [command('Split active panel down'), command('Split active panel to the right')];
    expect(matchCommands(split, 'split right').map((entry) => entry.title)).toEqual(['Split active panel to the right']);
    expect(matchCommands(split, 'right split').map((entry) => entry.title)).toEqual(['Split active panel to the right']);
  });

  it('finds letters in order', () => {
    expect(titles('oob')).toEqual(['Open Order Book']);
  });

  it('keeps the given order among equals', () => {
    expect(titles('open')).toEqual(['Open Connections', 'Open Order Book']);
  });
});
