import { describe, expect, it } from 'vitest';
import { describeChord, detectPlatform, formatChord, matchesChord, parseChord, type KeyPress } from './keyChords';

const press = (code: string, modifiers: Partial<Omit<KeyPress, 'code'>> = {}): KeyPress => ({
  code,
  ctrlKey: false,
  altKey: false,
  shiftKey: false,
  metaKey: false,
  ...modifiers,
});

describe('key chords', () => {
  it('matches on the physical key with exactly its modifiers', () => {
    const chord = parseChord('Alt+Shift+C', 'other');
    expect(matchesChord(chord, press('KeyC', { altKey: true, shiftKey: true }))).toBe(true);
    expect(matchesChord(chord, press('KeyC', { altKey: true }))).toBe(false);
    expect(matchesChord(chord, press('KeyC', { altKey: true, shiftKey: true, ctrlKey: true }))).toBe(false);
    expect(matchesChord(chord, press('KeyX', { altKey: true, shiftKey: true }))).toBe(false);
  });

  it('reads Mod as Cmd on macOS and Ctrl elsewhere', () => {
    expect(matchesChord(parseChord('Mod+K', 'mac'), press('KeyK', { metaKey: true }))).toBe(true);
    expect(matchesChord(parseChord('Mod+K', 'mac'), press('KeyK', { ctrlKey: true }))).toBe(false);
    expect(matchesChord(parseChord('Mod+K', 'other'), press('KeyK', { ctrlKey: true }))).toBe(true);
  });

  it('takes digits and function keys', () => {
    expect(parseChord('Ctrl+1', 'other').code).toBe('Digit1');
    expect(parseChord('F5', 'other').code).toBe('F5');
  });

  it('refuses chords that cannot be typed', () => {
    expect(() => parseChord('Hyper+C', 'other')).toThrow(/unknown modifier/);
    expect(() => parseChord('Alt+Alt+C', 'other')).toThrow(/given twice/);
    expect(() => parseChord('Alt+Enter', 'other')).toThrow(/not a letter/);
    expect(() => parseChord('Alt+', 'other')).toThrow(/no key/);
  });

  it('writes chords the way each platform does', () => {
    expect(formatChord(parseChord('Mod+Shift+P', 'other'), 'other')).toBe('Ctrl+Shift+P');
    expect(formatChord(parseChord('Mod+Shift+P', 'mac'), 'mac')).toBe('⇧⌘P');
    expect(formatChord(parseChord('Alt+Shift+1', 'other'), 'other')).toBe('Alt+Shift+1');
  });

  it('names chords for assistive technology the way aria-keyshortcuts wants', () => {
    expect(describeChord(parseChord('Mod+Shift+P', 'mac'), 'mac')).toEqual({ shown: '⇧⌘P', aria: 'Shift+Meta+P' });
    expect(describeChord(parseChord('Mod+K', 'other'), 'other')).toEqual({ shown: 'Ctrl+K', aria: 'Control+K' });
  });

  it('detects macOS from the platform string', () => {
    expect(detectPlatform('MacIntel')).toBe('mac');
    expect(detectPlatform('Linux x86_64')).toBe('other');
    expect(detectPlatform('Win32')).toBe('other');
  });
});
