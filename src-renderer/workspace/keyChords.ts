/**
 * A keyboard shortcut such as `Alt+Shift+C` or `Mod+K` (`Mod` is Cmd on macOS, Ctrl elsewhere).
 * Matched on `KeyboardEvent.code` so that Alt/Option, which change the produced character on
 * macOS and on many layouts, do not break it.
 */
export interface KeyChord {
  readonly ctrl: boolean;
  readonly alt: boolean;
  readonly shift: boolean;
  readonly meta: boolean;
  /** A `KeyboardEvent.code`, e.g. `KeyC`, `Digit1`, `F5`. */
  readonly code: string;
}

export type Platform = 'mac' | 'other';

/** The parts of a KeyboardEvent a chord is matched against. */
export interface KeyPress {
  readonly code: string;
  readonly ctrlKey: boolean;
  readonly altKey: boolean;
  readonly shiftKey: boolean;
  readonly metaKey: boolean;
}

const modifierNames = new Set(['ctrl', 'alt', 'shift', 'meta', 'mod']);

/** Parses `Alt+Shift+C`; throws on a chord that cannot be typed, so a bad registry entry fails at start. */
export function parseChord(text: string, platform: Platform): KeyChord {
  const parts = text.split('+').map((part) => part.trim());
  const key = parts.pop();
  if (!key) throw new Error(`Shortcut '${text}' has no key`);
  const modifiers = new Set<string>();
  for (const part of parts) {
    const name = part.toLowerCase();
    if (!modifierNames.has(name)) throw new Error(`Shortcut '${text}': unknown modifier '${part}'`);
    if (modifiers.has(name)) throw new Error(`Shortcut '${text}': '${part}' given twice`);
    modifiers.add(name);
  }
  if (modifiers.has('mod')) modifiers.add(platform === 'mac' ? 'meta' : 'ctrl');
  return {
    ctrl: modifiers.has('ctrl'),
    alt: modifiers.has('alt'),
    shift: modifiers.has('shift'),
    meta: modifiers.has('meta'),
    code: codeOf(key, text),
  };
}

function codeOf(key: string, text: string): string {
  if (/^[A-Za-z]$/.test(key)) return `Key${key.toUpperCase()}`;
  if (/^[0-9]$/.test(key)) return `Digit${key}`;
  if (/^F([1-9]|1[0-2])$/.test(key)) return key;
  throw new Error(`Shortcut '${text}': key '${key}' is not a letter, digit or F1–F12`);
}

export function matchesChord(chord: KeyChord, press: KeyPress): boolean {
  return (
    press.code === chord.code &&
    press.ctrlKey === chord.ctrl &&
    press.altKey === chord.alt &&
    press.shiftKey === chord.shift &&
    press.metaKey === chord.meta
  );
}

/** How the chord is written in menus: `Ctrl+Shift+P` elsewhere, `⇧⌘P` on macOS as Apple writes it. */
export function formatChord(chord: KeyChord, platform: Platform): string {
  const key = chord.code.replace(/^Key|^Digit/, '');
  if (platform === 'mac') {
    return `${chord.ctrl ? '⌃' : ''}${chord.alt ? '⌥' : ''}${chord.shift ? '⇧' : ''}${chord.meta ? '⌘' : ''}${key}`;
  }
  const names = [chord.ctrl && 'Ctrl', chord.alt && 'Alt', chord.shift && 'Shift', chord.meta && 'Meta'];
  return [...names.filter((name): name is string => typeof name === 'string'), key].join('+');
}

export function chordId(chord: KeyChord): string {
  return formatChord(chord, 'other');
}

export function detectPlatform(userAgentPlatform: string): Platform {
  return /mac|iphone|ipad/i.test(userAgentPlatform) ? 'mac' : 'other';
}

/** A chord as shown in menus and as `aria-keyshortcuts` announces it. */
export interface ShortcutText {
  readonly shown: string;
  readonly aria: string;
}

export function describeChord(chord: KeyChord, platform: Platform): ShortcutText {
  const names = [chord.ctrl && 'Control', chord.alt && 'Alt', chord.shift && 'Shift', chord.meta && 'Meta'];
  const aria = [...names.filter((name): name is string => typeof name === 'string'), chord.code.replace(/^Key|^Digit/, '')].join('+');
  return { shown: formatChord(chord, platform), aria };
}
