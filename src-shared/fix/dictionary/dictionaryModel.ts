import { XMLParser } from 'fast-xml-parser';
import { type FormatCheck, formatCheckFor, isMultipleValueType } from './valueFormats';

/** One field of the <fields> section. */
export interface FieldDef {
  readonly tag: number;
  /** Dense position among the dictionary's fields, for FieldMapDef.members. */
  readonly index: number;
  readonly name: string;
  /** QuickFIX XML type name (STRING, INT, PRICE, DATA, …). */
  readonly type: string;
  readonly format: FormatCheck | undefined;
  /** Allowed values, when the field lists them. */
  readonly values: ReadonlySet<string> | undefined;
  /** Allowed one-byte values as a byte table (fast path for CHAR enums). */
  readonly singleByteValues: Uint8Array | undefined;
  readonly multipleValues: boolean;
  /** A NUMINGROUP field: it may open a repeating group. */
  readonly groupCount: boolean;
}

/** The fields one level of a header, trailer, message body or group entry may hold. */
export interface FieldMapDef {
  /** Tags allowed at this level (components expanded, group counters included). */
  readonly tags: ReadonlySet<number>;
  /**
   * The same as a table by FieldDef.index (one array read per lookup): 0 for a non-member, else
   * 1 + the member's position in definition order (components expanded), which a group entry's
   * members must follow.
   */
  readonly members: Uint16Array;
  /** Required tags at this level, in definition order. */
  readonly required: readonly number[];
  /** Repeating groups at this level, by NumInGroup tag. */
  readonly groups: ReadonlyMap<number, GroupDef>;
}

export interface GroupDef {
  readonly countTag: number;
  /** The first field of an entry: every entry starts with it. */
  readonly delimiter: number;
  readonly entry: FieldMapDef;
}

export interface MessageDef {
  readonly msgType: string;
  readonly name: string;
  readonly admin: boolean;
  readonly body: FieldMapDef;
}

export interface DictionaryModel {
  readonly beginString: string;
  readonly fields: ReadonlyMap<number, FieldDef>;
  readonly header: FieldMapDef;
  readonly trailer: FieldMapDef;
  readonly messages: ReadonlyMap<string, MessageDef>;
}

interface XmlNode {
  [name: string]: XmlNode[] | Record<string, string> | undefined;
}

const ATTRIBUTES = ':@';

function nameOf(node: XmlNode): string {
  for (const key of Object.keys(node)) if (key !== ATTRIBUTES) return key;
  return '';
}

function childrenOf(node: XmlNode): XmlNode[] {
  const children = node[nameOf(node)];
  return Array.isArray(children) ? children : [];
}

function attr(node: XmlNode, name: string): string | undefined {
  const attributes = node[ATTRIBUTES] as Record<string, string> | undefined;
  return attributes?.[name];
}

function requiredAttr(node: XmlNode, name: string, where: string): string {
  const value = attr(node, name);
  if (value === undefined) throw new Error(`FIX dictionary: <${nameOf(node)}> in ${where} has no ${name} attribute`);
  return value;
}

function child(node: XmlNode, name: string): XmlNode | undefined {
  return childrenOf(node).find((c) => nameOf(c) === name);
}

/**
 * Reads a QuickFIX XML data dictionary into the lookups validation uses. Components are
 * expanded where they are used, as QuickFIX does; a field inside a component is required only
 * when the component is required too. Throws an Error naming the fault on a file QuickFIX
 * would refuse (an undefined field or component, a message without msgtype, …).
 */
export function readDictionaryXml(xml: string): DictionaryModel {
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    preserveOrder: true,
    parseAttributeValue: false,
    parseTagValue: false,
  });
  const root = (parser.parse(xml) as XmlNode[]).find((n) => nameOf(n) === 'fix');
  if (root === undefined) throw new Error('FIX dictionary: no <fix> element');
  const major = requiredAttr(root, 'major', '<fix>');
  const minor = requiredAttr(root, 'minor', '<fix>');
  const type = attr(root, 'type') ?? 'FIX';
  const beginString = `${type}.${major}.${minor}`;

  const fields = new Map<number, FieldDef>();
  const tagsByName = new Map<string, number>();
  for (const f of childrenOf(child(root, 'fields') ?? { fields: [] })) {
    if (nameOf(f) !== 'field') continue;
    const name = requiredAttr(f, 'name', '<fields>');
    const tag = Number(requiredAttr(f, 'number', `field ${name}`));
    if (!Number.isInteger(tag) || tag <= 0) throw new Error(`FIX dictionary: field ${name} has an invalid number`);
    if (tagsByName.has(name)) throw new Error(`FIX dictionary: field ${name} is defined twice`);
    if (fields.has(tag)) throw new Error(`FIX dictionary: tag ${tag} is defined twice`);
    const fieldType = requiredAttr(f, 'type', `field ${name}`);
    const enums = childrenOf(f)
      .filter((v) => nameOf(v) === 'value')
      .map((v) => requiredAttr(v, 'enum', `field ${name}`));
    let singleByteValues: Uint8Array | undefined;
    if (enums.length > 0) {
      singleByteValues = new Uint8Array(128);
      for (const e of enums) if (e.length === 1 && e.charCodeAt(0) < 128) singleByteValues[e.charCodeAt(0)] = 1;
    }
    tagsByName.set(name, tag);
    fields.set(tag, {
      tag,
      index: fields.size,
      name,
      type: fieldType,
      format: formatCheckFor(fieldType),
      values: enums.length > 0 ? new Set(enums) : undefined,
      singleByteValues,
      multipleValues: isMultipleValueType(fieldType),
      groupCount: fieldType === 'NUMINGROUP',
    });
  }

  const components = new Map<string, XmlNode>();
  for (const c of childrenOf(child(root, 'components') ?? { components: [] })) {
    if (nameOf(c) === 'component') components.set(requiredAttr(c, 'name', '<components>'), c);
  }

  const tagOf = (name: string): number => {
    const tag = tagsByName.get(name);
    if (tag === undefined) throw new Error(`FIX dictionary: field ${name} not defined in fields section`);
    return tag;
  };

  interface MapBuilder {
    tags: Set<number>;
    required: number[];
    groups: Map<number, GroupDef>;
    order: number[];
  }

  const finished = (map: MapBuilder): FieldMapDef => {
    const members = new Uint16Array(fields.size);
    for (const [position, tag] of map.order.entries()) {
      const index = fields.get(tag)!.index;
      if (members[index] === 0) members[index] = position + 1;
    }
    return { tags: map.tags, members, required: map.required, groups: map.groups };
  };

  const fill = (into: MapBuilder, nodes: XmlNode[], required: boolean, where: string, expanding: string[]): void => {
    for (const node of nodes) {
      const kind = nameOf(node);
      if (kind === 'field') {
        const tag = tagOf(requiredAttr(node, 'name', where));
        into.tags.add(tag);
        into.order.push(tag);
        if (required && attr(node, 'required') === 'Y') into.required.push(tag);
      } else if (kind === 'group') {
        const name = requiredAttr(node, 'name', where);
        const countTag = tagOf(name);
        const entry: MapBuilder = { tags: new Set(), required: [], groups: new Map(), order: [] };
        fill(entry, childrenOf(node), true, `group ${name}`, expanding);
        const delimiter = entry.order[0];
        if (delimiter === undefined) throw new Error(`FIX dictionary: group ${name} in ${where} has no fields`);
        into.tags.add(countTag);
        into.order.push(countTag);
        if (required && attr(node, 'required') === 'Y') into.required.push(countTag);
        into.groups.set(countTag, { countTag, delimiter, entry: finished(entry) });
      } else if (kind === 'component') {
        const name = requiredAttr(node, 'name', where);
        const component = components.get(name);
        if (component === undefined) throw new Error(`FIX dictionary: component ${name} used in ${where} is not defined`);
        if (expanding.includes(name)) throw new Error(`FIX dictionary: component ${name} contains itself`);
        fill(into, childrenOf(component), required && attr(node, 'required') === 'Y', `component ${name}`, [...expanding, name]);
      }
    }
  };

  const build = (node: XmlNode | undefined, where: string): FieldMapDef => {
    const map: MapBuilder = { tags: new Set(), required: [], groups: new Map(), order: [] };
    if (node !== undefined) fill(map, childrenOf(node), true, where, []);
    return finished(map);
  };

  const header = build(child(root, 'header'), '<header>');
  const trailer = build(child(root, 'trailer'), '<trailer>');
  const messages = new Map<string, MessageDef>();
  for (const m of childrenOf(child(root, 'messages') ?? { messages: [] })) {
    if (nameOf(m) !== 'message') continue;
    const name = requiredAttr(m, 'name', '<messages>');
    const msgType = requiredAttr(m, 'msgtype', `message ${name}`);
    if (messages.has(msgType)) throw new Error(`FIX dictionary: MsgType ${msgType} is defined twice`);
    messages.set(msgType, { msgType, name, admin: attr(m, 'msgcat') === 'admin', body: build(m, `message ${name}`) });
  }
  return { beginString, fields, header, trailer, messages };
}
