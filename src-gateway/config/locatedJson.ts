// JSON.parse says neither where a syntax error is (portably) nor where a value sits, and a
// config error is only useful with a line number. This is a strict JSON (RFC 8259) parser that
// also records the line and column of every value and every object key, by path.

export type JsonPath = ReadonlyArray<string | number>;

export interface SourcePosition {
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
}

export class JsonSyntaxError extends Error {
  override readonly name = 'JsonSyntaxError';

  constructor(
    readonly detail: string,
    readonly position: SourcePosition,
  ) {
    super(`line ${position.line}, column ${position.column}: ${detail}`);
  }
}

export interface LocatedJson {
  readonly value: unknown;
  /** Where the value at this path starts; for a path that does not exist, its nearest parent. */
  positionOf(path: JsonPath): SourcePosition | undefined;
  /** Where an object key is written (for "unknown setting" errors). */
  keyPositionOf(path: JsonPath): SourcePosition | undefined;
}

export function parseLocatedJson(text: string): LocatedJson {
  const parser = new Parser(text);
  const value = parser.parseDocument();
  const { values, keys } = parser;
  return {
    value,
    positionOf(path) {
      for (let length = path.length; length >= 0; length--) {
        const found = values.get(pathKey(path.slice(0, length)));
        if (found) return found;
      }
      return undefined;
    },
    keyPositionOf(path) {
      return keys.get(pathKey(path));
    },
  };
}

function pathKey(path: JsonPath): string {
  return JSON.stringify(path);
}

const whitespace = new Set([' ', '\t', '\n', '\r']);
const numberPattern = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

class Parser {
  readonly values = new Map<string, SourcePosition>();
  readonly keys = new Map<string, SourcePosition>();
  private index = 0;
  private line = 1;
  private lineStart = 0;

  constructor(private readonly text: string) {}

  parseDocument(): unknown {
    this.skipWhitespace();
    if (this.index >= this.text.length) this.fail('the file is empty');
    const value = this.parseValue([]);
    this.skipWhitespace();
    if (this.index < this.text.length) this.fail(`unexpected ${this.describeHere()} after the end of the document`);
    return value;
  }

  private parseValue(path: Array<string | number>): unknown {
    this.values.set(pathKey(path), this.position());
    const char = this.text[this.index];
    switch (char) {
      case '{':
        return this.parseObject(path);
      case '[':
        return this.parseArray(path);
      case '"':
        return this.parseString();
      case 't':
        return this.parseWord('true', true);
      case 'f':
        return this.parseWord('false', false);
      case 'n':
        return this.parseWord('null', null);
      default:
        if (char === '-' || (char !== undefined && char >= '0' && char <= '9')) return this.parseNumber();
        return this.fail(`expected a value, found ${this.describeHere()}`);
    }
  }

  private parseObject(path: Array<string | number>): Record<string, unknown> {
    const result: Record<string, unknown> = {};
    this.index++;
    this.skipWhitespace();
    if (this.text[this.index] === '}') {
      this.index++;
      return result;
    }
    for (;;) {
      this.skipWhitespace();
      if (this.text[this.index] !== '"') this.fail(`expected a property name in double quotes, found ${this.describeHere()}`);
      const keyPosition = this.position();
      const key = this.parseString();
      const childPath = [...path, key];
      if (Object.hasOwn(result, key)) this.failAt(keyPosition, `duplicate property "${key}"`);
      this.keys.set(pathKey(childPath), keyPosition);
      this.skipWhitespace();
      this.expect(':', `':' after property "${key}"`);
      this.skipWhitespace();
      Object.defineProperty(result, key, { value: this.parseValue(childPath), enumerable: true, writable: true, configurable: true });
      this.skipWhitespace();
      if (this.text[this.index] === ',') {
        this.index++;
        continue;
      }
      this.expect('}', `',' or '}' in an object`);
      return result;
    }
  }

  private parseArray(path: Array<string | number>): unknown[] {
    const result: unknown[] = [];
    this.index++;
    this.skipWhitespace();
    if (this.text[this.index] === ']') {
      this.index++;
      return result;
    }
    for (;;) {
      this.skipWhitespace();
      result.push(this.parseValue([...path, result.length]));
      this.skipWhitespace();
      if (this.text[this.index] === ',') {
        this.index++;
        continue;
      }
      this.expect(']', `',' or ']' in an array`);
      return result;
    }
  }

  private parseString(): string {
    const start = this.index;
    this.index++;
    for (;;) {
      const char = this.text[this.index];
      if (char === undefined || char === '\n') this.failAt(this.positionAt(start), 'unterminated string');
      if (char === '"') break;
      if (char === '\\') this.index++;
      else if (char < ' ') this.fail('control character in a string (escape it)');
      this.index++;
    }
    this.index++;
    const literal = this.text.slice(start, this.index);
    try {
      return JSON.parse(literal) as string;
    } catch {
      return this.failAt(this.positionAt(start), `invalid escape in string ${literal}`);
    }
  }

  private parseNumber(): number {
    numberPattern.lastIndex = this.index;
    const match = numberPattern.exec(this.text);
    if (!match) return this.fail(`invalid number starting at ${this.describeHere()}`);
    this.index += match[0].length;
    return Number(match[0]);
  }

  private parseWord<T>(word: string, value: T): T {
    if (!this.text.startsWith(word, this.index)) this.fail(`expected a value, found ${this.describeHere()}`);
    this.index += word.length;
    return value;
  }

  private expect(char: string, what: string): void {
    if (this.text[this.index] !== char) this.fail(`expected ${what}, found ${this.describeHere()}`);
    this.index++;
  }

  private skipWhitespace(): void {
    for (;;) {
      const char = this.text[this.index];
      if (char === undefined || !whitespace.has(char)) return;
      if (char === '\n') {
        this.line++;
        this.lineStart = this.index + 1;
      }
      this.index++;
    }
  }

  private describeHere(): string {
    const char = this.text[this.index];
    if (char === undefined) return 'the end of the file';
    const word = /^[^\s,:[\]{}]{1,20}/.exec(this.text.slice(this.index))?.[0] ?? char;
    return JSON.stringify(word);
  }

  private position(): SourcePosition {
    return { line: this.line, column: this.index - this.lineStart + 1 };
  }

  // Strings never span lines, so a position earlier on the current line is exact.
  private positionAt(index: number): SourcePosition {
    return { line: this.line, column: index - this.lineStart + 1 };
  }

  private fail(detail: string): never {
    throw new JsonSyntaxError(detail, this.position());
  }

  private failAt(position: SourcePosition, detail: string): never {
    throw new JsonSyntaxError(detail, position);
  }
}
