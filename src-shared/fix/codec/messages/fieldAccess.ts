import { FixMessage } from '../FixMessage';
import { FixParseError } from '../FixParseError';
import type { FixView } from '../FixView';

/**
 * Small helpers the typed builders and readers share. Readers are meant for messages the
 * dictionary has validated; a required field they still cannot read throws FixParseError
 * (1 Required tag missing, 6 Incorrect data format) so the caller can reject it.
 */

function fault(view: FixView, reason: number, tag: number, what: string): never {
  const seq = view.getInt(34);
  throw new FixParseError(`${what} ${tag}`, reason, tag, 0, seq, view.msgType);
}

/**
 * Field ranges of a repeating group's entries: entry k spans [bounds[k], bounds[k+1]).
 * Entries start at each delimiter after the NumInGroup field, at most NumInGroup of them; the
 * last runs to the trailer, so look tags up with indexIn() and only the group's own tags.
 */
export function groupEntries(view: FixView, countTag: number, delimiter: number): number[] {
  const bounds: number[] = [];
  const c = view.indexOf(countTag);
  if (c < 0) return bounds;
  const count = view.intAt(c) ?? 0;
  const end = bodyEnd(view);
  for (let i = view.indexOf(delimiter, c + 1); i >= 0 && i < end && bounds.length < count; i = view.indexOf(delimiter, i + 1)) {
    bounds.push(i);
  }
  if (bounds.length > 0) bounds.push(end);
  return bounds;
}

/** Index of the first field with this tag in [start, end), or -1. */
export function indexIn(view: FixView, tag: number, start: number, end: number): number {
  const i = view.indexOf(tag, start);
  return i >= 0 && i < end ? i : -1;
}

export function textIn(view: FixView, tag: number, start: number, end: number): string | undefined {
  const i = indexIn(view, tag, start, end);
  return i < 0 ? undefined : view.valueAt(i);
}

/** Index of the trailer's first field (93, 89 or 10). */
function bodyEnd(view: FixView): number {
  let end = view.fieldCount - 1;
  while (end > 0 && (view.tagAt(end - 1) === 89 || view.tagAt(end - 1) === 93)) end--;
  return end;
}

/** How one field of a typed message maps to a tag: text (decimal strings too), int or Y/N flag. */
export interface FieldSpec<T> {
  key: keyof T & string;
  tag: number;
  kind?: 'int' | 'flag';
  required?: boolean;
}

/**
 * Sets the fields present in `m`, in spec order; `append` adds them (a group entry, or a
 * just-cleared message: no lookup). A required field that is absent, or any field given as an
 * empty string, throws: the peer would reject the message (Required tag missing, Tag specified
 * without a value), so it is refused before it takes a sequence number. Callers that build from
 * untyped input (JSON lines, IPC) get the error instead of a rejected order.
 */
export function writeFields<T extends object>(msg: FixMessage, m: T, specs: readonly FieldSpec<T>[], append = false): void {
  const values = m as Record<string, unknown>;
  for (const spec of specs) {
    const v = values[spec.key];
    if (v === '') throw new RangeError(`MsgType ${msg.msgType}: ${spec.key} (${spec.tag}) is empty`);
    if (v === undefined) {
      if (spec.required === true) throw new RangeError(`MsgType ${msg.msgType}: ${spec.key} (${spec.tag}) is required`);
      continue;
    }
    const value = spec.kind === 'flag' ? (v === true ? 'Y' : 'N') : (v as string | number | bigint);
    if (append) msg.add(spec.tag, value);
    else msg.set(spec.tag, value);
  }
}

const specIndexes = new WeakMap<readonly FieldSpec<never>[], Map<number, FieldSpec<never>>>();

function indexOfSpecs<T>(specs: readonly FieldSpec<T>[]): Map<number, FieldSpec<T>> {
  let index = specIndexes.get(specs as readonly FieldSpec<never>[]) as Map<number, FieldSpec<T>> | undefined;
  if (index === undefined) {
    index = new Map(specs.map((spec) => [spec.tag, spec]));
    specIndexes.set(specs as readonly FieldSpec<never>[], index as Map<number, FieldSpec<never>>);
  }
  return index;
}

/**
 * Reads the fields present in the view into a new object (absent optional fields left out),
 * in one pass over the view; the first occurrence of a tag wins.
 */
export function readFields<T extends object>(view: FixView, specs: readonly FieldSpec<T>[]): T {
  const index = indexOfSpecs(specs);
  const out: Record<string, unknown> = {};
  for (let i = 0, n = view.fieldCount; i < n; i++) {
    const spec = index.get(view.tagAt(i));
    if (spec === undefined || out[spec.key] !== undefined) continue;
    if (spec.kind === 'int') out[spec.key] = view.intAt(i) ?? fault(view, 6, spec.tag, 'not an integer:');
    else if (spec.kind === 'flag') out[spec.key] = flagAt(view, i, spec.tag);
    else out[spec.key] = view.valueAt(i);
  }
  requireFields(view, specs, out);
  return out as T;
}

/** Throws FixParseError (1 Required tag missing) for the first required spec `read` lacks. */
export function requireFields<T>(view: FixView, specs: readonly FieldSpec<T>[], read: Record<string, unknown>): void {
  for (const spec of specs) {
    if (spec.required === true && read[spec.key] === undefined) fault(view, 1, spec.tag, 'required tag missing:');
  }
}

function flagAt(view: FixView, i: number, tag: number): boolean {
  const v = view.valueAt(i);
  if (v !== 'Y' && v !== 'N') fault(view, 6, tag, 'not a boolean:');
  return v === 'Y';
}

/** Reads one group entry's fields, fields [start, end) of the view. */
export function readEntry<T extends object>(view: FixView, specs: readonly FieldSpec<T>[], start: number, end: number): T {
  const out: Record<string, unknown> = {};
  for (const spec of specs) {
    const i = indexIn(view, spec.tag, start, end);
    if (i < 0) {
      if (spec.required === true) fault(view, 1, spec.tag, 'required tag missing in group entry:');
      continue;
    }
    if (spec.kind === 'int') out[spec.key] = view.intAt(i) ?? fault(view, 6, spec.tag, 'not an integer:');
    else if (spec.kind === 'flag') out[spec.key] = view.valueAt(i) === 'Y';
    else out[spec.key] = view.valueAt(i);
  }
  return out as T;
}

/** Writes a repeating group: NumInGroup, then each entry's fields (delimiter first); a required group needs an entry. */
export function writeGroup<T extends object>(msg: FixMessage, countTag: number, entries: readonly T[] | undefined, specs: readonly FieldSpec<T>[], required = false): void {
  if (entries === undefined || entries.length === 0) {
    if (required) throw new RangeError(`MsgType ${msg.msgType}: group ${countTag} needs at least one entry`);
    return;
  }
  msg.set(countTag, entries.length);
  for (const entry of entries) writeFields(msg, entry, specs, true);
}

/** Reads a repeating group whose entries start with specs[0]'s tag. */
export function readGroup<T extends object>(view: FixView, countTag: number, specs: readonly FieldSpec<T>[]): T[] {
  const bounds = groupEntries(view, countTag, specs[0]!.tag);
  const out: T[] = [];
  for (let k = 0; k + 1 < bounds.length; k++) out.push(readEntry(view, specs, bounds[k]!, bounds[k + 1]!));
  return out;
}

/** A typed builder for a message made of plain fields: fills `msg` (cleared) or a new one. */
export function builder<T extends object>(msgType: string, specs: readonly FieldSpec<T>[]): (m: T, msg?: FixMessage) => FixMessage {
  return (m, msg = new FixMessage(msgType)) => {
    msg.clear(msgType);
    writeFields(msg, m, specs, true);
    return msg;
  };
}

/** A typed reader for a message made of plain fields. */
export function reader<T extends object>(specs: readonly FieldSpec<T>[]): (view: FixView) => T {
  return (view) => readFields(view, specs);
}
