/**
 * Compares a message the engine sent with the one a script expects, as QuickFIX's acceptance
 * runner does: the same fields in the same order, each value equal, except fields whose value
 * differs from run to run (times, lengths, checksums, ids), which only have to match a pattern.
 */

const VARYING: ReadonlyMap<number, RegExp> = new Map([
  [9, /./],
  [10, /\d{3}/],
  [17, /./],
  [37, /./],
  [42, /\d{8}-\d{2}:\d{2}:\d{2}/],
  [52, /\d{8}-\d{2}:\d{2}:\d{2}/],
  [60, /\d{8}-\d{2}:\d{2}:\d{2}/],
  [75, /\d{8}/],
  [122, /\d{8}-\d{2}:\d{2}:\d{2}/],
  [198, /./],
]);

/** Why `received` does not match `expected`, or null when it does. */
export function mismatch(expected: string, received: string): string | null {
  const want = fields(expected);
  const got = fields(received);
  if (want.length !== got.length) return `Number of fields do not match (expected ${want.length}, received ${got.length})`;
  for (let i = 0; i < want.length; i++) {
    const [tag, value] = want[i]!;
    const [gotTag, gotValue] = got[i]!;
    if (tag !== gotTag) return `Expected field (${tag}) but found field (${gotTag})`;
    const pattern = VARYING.get(Number(tag));
    if (pattern === undefined ? value !== gotValue : !pattern.test(gotValue)) {
      return pattern === undefined ? `Value in field (${tag}) should be (${value}) but was (${gotValue})` : `Field (${tag}) does not match pattern`;
    }
  }
  return null;
}

/** Fields split on SOH (a trailing SOH adds none) and each on its first '='. */
function fields(message: string): [string, string][] {
  const parts = message.split('\x01');
  while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  return parts.map((part) => {
    const eq = part.indexOf('=');
    return eq < 0 ? [part, ''] : [part.slice(0, eq), part.slice(eq + 1)];
  });
}
