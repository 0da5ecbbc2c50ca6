import type { FixView } from '../codec/FixView';
import { lengthTagOf } from '../codec/layout';
import { SESSION_REJECT_TEXT } from '../codec/rejectReasons';
import { decodeText } from '../codec/text';
import { type DictionaryModel, type FieldDef, type FieldMapDef, type GroupDef, readDictionaryXml } from './dictionaryModel';
import { FIX44_TESSERA_XML } from './fix44Tessera';

/** Why a message is rejected, as the Reject (35=3) or BusinessMessageReject (35=j) will say. */
export interface FixValidationError {
  /** FIX 373 SessionRejectReason. */
  sessionRejectReason: number;
  /** FIX 371 RefTagID. */
  refTagID?: number;
  /** The reason's Reject text (codec/rejectReasons.ts). */
  text: string;
  /** True → answer with 35=j (a valid FIX MsgType this dictionary does not define), not 35=3. */
  businessReject?: boolean;
  /** FIX 380 BusinessRejectReason when businessReject (3 = Unsupported Message Type). */
  businessRejectReason?: number;
}

const NO_ERROR = 0x7fffffff;
const PLACE_BODY = 0;
const PLACE_HEADER = 1;
const PLACE_TRAILER = 2;
const INITIAL_UNDO = 64;

let bundled: FixDictionary | undefined;

/**
 * A FIX data dictionary in QuickFIX's XML format and the validation QuickFIX's DataDictionary
 * does with it, in the same order of precedence: fields out of header/body/trailer order (14),
 * unknown MsgType (11), required tags (1), then field by field in wire order: repeated tag
 * (13), no value (4), bad format (6), value not allowed (5), unknown tag (0), tag not in the
 * message (2), NumInGroup count (16). Stricter than QuickFIX C++ where FIX is: every repeating
 * group entry must start with its first field and keep the group's field order (15, as
 * QuickFIX/J checks it), group members are checked like body
 * fields, and a data field must sit next to its length field, which must measure it.
 *
 * validate() allocates only for the error it returns (and for values it must compare as text).
 */
export class FixDictionary {
  /** Field definitions by tag, for every tag up to the highest the dictionary defines. */
  private readonly fieldByTag: (FieldDef | undefined)[];
  /** PLACE_HEADER / PLACE_TRAILER / PLACE_BODY by tag, same range. */
  private readonly placeByTag: Uint8Array;
  private readonly msgTypeValues: ReadonlySet<string> | undefined;
  private readonly tagsByName = new Map<string, number>();

  // Scratch state of the validate() in progress. A level (header, body, group entry) marks
  // each tag it holds with its own id in `seen`; a nested level saves what it overwrites in
  // `undo` and puts it back when it ends.
  private view: FixView | undefined;
  private readonly seen: Int32Array;
  private levelId = 0;
  private undo = new Int32Array(INITIAL_UNDO);
  private undoTop = 0;
  private errIndex = NO_ERROR;
  private errReason = 0;
  private errTag = 0;
  private requiredTag = 0;
  private requiredDepth = NO_ERROR;

  private constructor(private readonly model: DictionaryModel) {
    let maxTag = 0;
    for (const tag of model.fields.keys()) maxTag = Math.max(maxTag, tag);
    this.fieldByTag = new Array<FieldDef | undefined>(maxTag + 1).fill(undefined);
    for (const f of model.fields.values()) {
      this.fieldByTag[f.tag] = f;
      this.tagsByName.set(f.name, f.tag);
    }
    this.placeByTag = new Uint8Array(maxTag + 1);
    this.seen = new Int32Array(maxTag + 1);
    const mark = (map: FieldMapDef, place: number): void => {
      for (const tag of map.tags) if (tag <= maxTag) this.placeByTag[tag] = place;
      for (const g of map.groups.values()) mark(g.entry, place);
    };
    mark(model.header, PLACE_HEADER);
    mark(model.trailer, PLACE_TRAILER);
    this.msgTypeValues = model.fields.get(35)?.values;
  }

  /** Reads a dictionary in QuickFIX's XML format; throws on a file QuickFIX would refuse. */
  static fromXml(xml: string): FixDictionary {
    return new FixDictionary(readDictionaryXml(xml));
  }

  /** The bundled FIX44-tessera.xml (read once). */
  static tessera(): FixDictionary {
    bundled ??= FixDictionary.fromXml(FIX44_TESSERA_XML);
    return bundled;
  }

  /** "FIX.4.4" for a FIX 4.4 dictionary. */
  get beginString(): string {
    return this.model.beginString;
  }

  isAdmin(msgType: string): boolean {
    return this.model.messages.get(msgType)?.admin === true;
  }

  isKnownMsgType(msgType: string): boolean {
    return this.model.messages.has(msgType);
  }

  messageName(msgType: string): string | undefined {
    return this.model.messages.get(msgType)?.name;
  }

  fieldName(tag: number): string | undefined {
    return this.model.fields.get(tag)?.name;
  }

  fieldTag(name: string): number | undefined {
    return this.tagsByName.get(name);
  }

  /** QuickFIX XML type of a field (STRING, INT, PRICE, DATA, …). */
  fieldType(tag: number): string | undefined {
    return this.model.fields.get(tag)?.type;
  }

  /** Allowed values of a field, when the dictionary lists them. */
  fieldValues(tag: number): ReadonlySet<string> | undefined {
    return this.model.fields.get(tag)?.values;
  }

  /** Whether a field is DATA-typed: length-prefixed, any byte allowed. */
  isDataField(tag: number): boolean {
    return this.model.fields.get(tag)?.type === 'DATA';
  }

  /** The LENGTH field that comes right before a data field. */
  lengthFieldFor(dataTag: number): number | undefined {
    if (!this.isDataField(dataTag)) return undefined;
    const lengthTag = lengthTagOf(dataTag);
    return lengthTag !== 0 && this.model.fields.has(lengthTag) ? lengthTag : undefined;
  }

  /** Tags a message type may carry in its body (top level, components expanded). */
  messageTags(msgType: string): ReadonlySet<number> | undefined {
    return this.model.messages.get(msgType)?.body.tags;
  }

  /** Required body tags of a message type (top level). */
  requiredTags(msgType: string): readonly number[] | undefined {
    return this.model.messages.get(msgType)?.body.required;
  }

  /** Checks a whole message: header, body, trailer, groups, values. Null when valid. */
  validate(view: FixView): FixValidationError | null {
    const n = view.fieldCount;
    if (!view.is(8, this.model.beginString)) return rejection(5, 8);

    // Header fields first, trailer fields last, body fields between.
    let headerEnd = 0;
    while (headerEnd < n && this.placeOf(view.tagAt(headerEnd)) === PLACE_HEADER) headerEnd++;
    let trailerStart = n;
    while (trailerStart > headerEnd && this.placeOf(view.tagAt(trailerStart - 1)) === PLACE_TRAILER) trailerStart--;
    for (let i = headerEnd; i < trailerStart; i++) {
      const tag = view.tagAt(i);
      if (this.placeOf(tag) !== PLACE_BODY) return rejection(14, tag);
    }

    const msgType = view.msgType;
    const message = this.model.messages.get(msgType);
    if (message === undefined) {
      if (this.msgTypeValues?.has(msgType) === true) {
        return { sessionRejectReason: 11, refTagID: 35, text: 'Unsupported Message Type', businessReject: true, businessRejectReason: 3 };
      }
      return { sessionRejectReason: 11, text: SESSION_REJECT_TEXT[11]! };
    }

    this.view = view;
    this.undoTop = 0;
    // Each level holds at least one field, so this message needs at most n + 3 level ids.
    if (this.levelId > NO_ERROR - n - 4) this.restart();
    this.errIndex = NO_ERROR;
    this.requiredDepth = NO_ERROR;
    try {
      this.walkMap(this.model.header, 0, headerEnd, undefined, 0);
      this.walkMap(this.model.trailer, trailerStart, n, undefined, 0);
      this.walkMap(message.body, headerEnd, trailerStart, undefined, 0);
    } finally {
      this.view = undefined;
    }
    if (this.requiredDepth !== NO_ERROR) return rejection(1, this.requiredTag);
    if (this.errIndex !== NO_ERROR) return rejection(this.errReason, this.errTag);
    return null;
  }

  /**
   * Walks one level (header, trailer, body or one group entry) from field i, checking each
   * field, and returns where it stopped: at `end`, or for a group entry at a field that is not
   * a member or that starts the next entry.
   */
  private walkMap(def: FieldMapDef, from: number, end: number, entryOf: GroupDef | undefined, depth: number): number {
    const view = this.view!;
    const seen = this.seen;
    const limit = seen.length;
    const id = ++this.levelId;
    const undoBase = this.undoTop;
    let i = from;
    let lastPosition = 0;
    while (i < end) {
      const tag = view.tagAt(i);
      // Tags past the table are not in the dictionary: each is reported (0) where it first is.
      const known = tag < limit;
      const field = known ? this.fieldByTag[tag] : undefined;
      const position = field !== undefined ? def.members[field.index]! : 0;
      const member = field !== undefined && position !== 0;
      if (entryOf !== undefined) {
        if (!member) break;
        if (i !== from && (tag === entryOf.delimiter || seen[tag] === id)) break;
        // FIX: a group entry's fields come in the order the group defines them.
        if (position < lastPosition) this.report(i, 15, tag);
        lastPosition = position;
      } else if (known && seen[tag] === id) {
        this.report(i, 13, tag);
      }
      if (known && seen[tag] !== id) {
        if (depth > 0) this.save(tag, seen[tag]!);
        seen[tag] = id;
      }
      this.checkField(i, tag, field, member);
      const group = member && field.groupCount ? def.groups.get(tag) : undefined;
      i = group !== undefined ? this.walkGroup(group, i, end, depth + 1) : i + 1;
    }
    for (const tag of def.required) {
      if (seen[tag] !== id && depth < this.requiredDepth) {
        this.requiredDepth = depth;
        this.requiredTag = tag;
      }
    }
    const undo = this.undo;
    while (this.undoTop > undoBase) {
      this.undoTop -= 2;
      seen[undo[this.undoTop]!] = undo[this.undoTop + 1]!;
    }
    return i;
  }

  /** Walks the entries after a NumInGroup field and checks the count. */
  private walkGroup(group: GroupDef, countIndex: number, end: number, depth: number): number {
    const view = this.view!;
    let i = countIndex + 1;
    let entries = 0;
    let outOfOrder = 0;
    while (i < end) {
      const tag = view.tagAt(i);
      const field = tag < this.fieldByTag.length ? this.fieldByTag[tag] : undefined;
      if (field === undefined || group.entry.members[field.index] === 0) break;
      if (tag !== group.delimiter && outOfOrder === 0) outOfOrder = tag;
      entries++;
      i = this.walkMap(group.entry, i, end, group, depth);
    }
    // Entries not led by the delimiter make the count meaningless: name the cause instead.
    const declared = view.intAt(countIndex);
    if (outOfOrder !== 0) this.report(countIndex, 15, outOfOrder);
    else if (declared !== undefined && declared !== entries) this.report(countIndex, 16, group.countTag);
    return i;
  }

  private checkField(i: number, tag: number, field: FieldDef | undefined, member: boolean): void {
    const view = this.view!;
    const start = view.valueStartAt(i);
    const end = view.valueEndAt(i);
    if (start === end) return this.report(i, 4, tag);
    if (field === undefined) return this.report(i, 0, tag);
    if (field.format !== undefined && !field.format(view.frame, start, end)) return this.report(i, 6, tag);
    if (field.values !== undefined && !allowedValue(field, view.frame, start, end)) return this.report(i, 5, tag);
    if (!member) return this.report(i, 2, tag);
    if (field.type === 'DATA') this.checkDataLength(i, tag);
  }

  /**
   * A data field needs its length field beside it: before it (FIX), or right after it when
   * the data holds no SOH (accepted for T4 clients) — then the length must measure it.
   */
  private checkDataLength(i: number, tag: number): void {
    const view = this.view!;
    const lengthTag = lengthTagOf(tag);
    if (lengthTag === 0) return;
    if (i > 0 && view.tagAt(i - 1) === lengthTag) return;
    if (i + 1 < view.fieldCount && view.tagAt(i + 1) === lengthTag) {
      if (view.intAt(i + 1) !== view.valueEndAt(i) - view.valueStartAt(i)) this.report(i + 1, 5, lengthTag);
      return;
    }
    this.report(i, 1, lengthTag);
  }

  private placeOf(tag: number): number {
    return tag < this.placeByTag.length ? this.placeByTag[tag]! : PLACE_BODY;
  }

  /** Remembers a tag's mark from an enclosing level, to put back when this level ends. */
  private save(tag: number, mark: number): void {
    if (this.undoTop + 2 > this.undo.length) {
      const grown = new Int32Array(this.undo.length * 2);
      grown.set(this.undo);
      this.undo = grown;
    }
    this.undo[this.undoTop++] = tag;
    this.undo[this.undoTop++] = mark;
  }

  /** Level ids would run out (after 2^31 levels): clear the marks and count again. */
  private restart(): void {
    this.seen.fill(0);
    this.levelId = 0;
  }

  /** Keeps the fault of the earliest field; for one field, the first check that failed. */
  private report(index: number, reason: number, tag: number): void {
    if (index < this.errIndex) {
      this.errIndex = index;
      this.errReason = reason;
      this.errTag = tag;
    }
  }
}

function rejection(reason: number, refTagID: number): FixValidationError {
  return { sessionRejectReason: reason, refTagID, text: SESSION_REJECT_TEXT[reason]! };
}

function allowedValue(field: FieldDef, bytes: Uint8Array, start: number, end: number): boolean {
  const values = field.values!;
  if (field.multipleValues) {
    let tokenStart = start;
    for (let k = start; k <= end; k++) {
      if (k === end || bytes[k] === 0x20) {
        if (!values.has(decodeText(bytes, tokenStart, k))) return false;
        tokenStart = k + 1;
      }
    }
    return true;
  }
  if (end - start === 1 && bytes[start]! < 128) return field.singleByteValues![bytes[start]!] === 1;
  return values.has(decodeText(bytes, start, end));
}
