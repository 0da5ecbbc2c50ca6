import { describe, expect, it } from 'vitest';
import { JsonSyntaxError, parseLocatedJson } from './locatedJson';

function syntaxError(text: string): JsonSyntaxError {
  try {
    parseLocatedJson(text);
  } catch (error) {
    if (error instanceof JsonSyntaxError) return error;
    throw error;
  }
  throw new Error(`no syntax error in ${text}`);
}

describe('parseLocatedJson', () => {
  it('parses what JSON.parse parses', () => {
    const text = '{"a": [1, -2.5e3, true, false, null, "x\\u00e9\\n\\"y"], "b": {"c": {}}, "d": []}';
    expect(parseLocatedJson(text).value).toEqual(JSON.parse(text));
  });

  it('records the line and column of values and keys', () => {
    const text = '{\n  "fix": {\n    "port": "abc"\n  },\n  "list": [\n    1,\n    {"x": 2}\n  ]\n}\n';
    const json = parseLocatedJson(text);
    expect(json.positionOf(['fix', 'port'])).toEqual({ line: 3, column: 13 });
    expect(json.keyPositionOf(['fix', 'port'])).toEqual({ line: 3, column: 5 });
    expect(json.positionOf(['list', 1, 'x'])).toEqual({ line: 7, column: 11 });
    expect(json.positionOf([])).toEqual({ line: 1, column: 1 });
  });

  it('falls back to the nearest parent for a path that is not in the file', () => {
    const json = parseLocatedJson('{\n  "fix": {}\n}');
    expect(json.positionOf(['fix', 'port'])).toEqual({ line: 2, column: 10 });
  });

  it('does not let a __proto__ key touch the prototype', () => {
    const value = parseLocatedJson('{"__proto__": {"polluted": true}}').value as Record<string, unknown>;
    expect(Object.keys(value)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it.each([
    ['', 1, 1, 'the file is empty'],
    ['{\n  "a": 1,\n}', 3, 1, 'expected a property name in double quotes, found "}"'],
    ['{\n  "a" 1\n}', 2, 7, `expected ':' after property "a", found "1"`],
    ['{"a": tru}', 1, 7, 'expected a value, found "tru"'],
    ['{"a": 1} x', 1, 10, 'unexpected "x" after the end of the document'],
    ['{"a": "b', 1, 7, 'unterminated string'],
    ['{"a": 1, "a": 2}', 1, 10, 'duplicate property "a"'],
    ['[1 2]', 1, 4, `expected ',' or ']' in an array, found "2"`],
    ['{"a": 01}', 1, 8, `expected ',' or '}' in an object, found "1"`],
  ])('reports %j at line %i column %i', (text, line, column, detail) => {
    const error = syntaxError(text);
    expect(error.position).toEqual({ line, column });
    expect(error.detail).toBe(detail);
  });
});
