/**
 * One order the FIX client sends, as given on the command line
 * (`side=buy,symbol=ESZ6,qty=1,price=5000.25[,type=limit|market][,clordid=…][,account=…]`) or as
 * a JSON object with the same keys. Quantities and prices stay decimal strings end to end.
 */
export interface OrderSpec {
  side: 'buy' | 'sell';
  symbol: string;
  qty: string;
  type: 'limit' | 'market';
  price?: string;
  clOrdID?: string;
  account?: string;
}

const KEYS = new Set(['side', 'symbol', 'qty', 'price', 'type', 'clordid', 'account']);
const DECIMAL = /^-?\d+(\.\d+)?$/;

export class OrderSpecError extends Error {
  override readonly name = 'OrderSpecError';
}

/** Parses `key=value,key=value`. Throws OrderSpecError with a one-line reason. */
export function parseOrderFlag(text: string): OrderSpec {
  const fields: Record<string, string> = {};
  for (const part of text.split(',')) {
    const eq = part.indexOf('=');
    if (eq <= 0) throw new OrderSpecError(`"${part.trim()}" is not key=value`);
    const key = part.slice(0, eq).trim().toLowerCase();
    if (key in fields) throw new OrderSpecError(`"${key}" given twice`);
    fields[key] = part.slice(eq + 1).trim();
  }
  return fromFields(fields);
}

/** Parses one JSON line with the same keys (numbers allowed for qty and price, kept exact). */
export function parseOrderJson(line: string): OrderSpec {
  // Keep the digits of qty and price as written: a JSON number would pass through a float.
  const exact = line.replace(/"(qty|price)"(\s*):(\s*)(-?\d[\d.eE+-]*)/g, '"$1"$2:$3"$4"');
  let parsed: unknown;
  try {
    parsed = JSON.parse(exact);
  } catch (e) {
    throw new OrderSpecError(`not JSON: ${(e as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new OrderSpecError('not a JSON object');
  const fields: Record<string, string> = {};
  for (const [k, v] of Object.entries(parsed)) {
    if (typeof v !== 'string' && typeof v !== 'number') throw new OrderSpecError(`"${k}" must be a string or a number`);
    fields[k.toLowerCase()] = String(v);
  }
  return fromFields(fields);
}

function fromFields(f: Record<string, string>): OrderSpec {
  for (const key of Object.keys(f)) if (!KEYS.has(key)) throw new OrderSpecError(`unknown key "${key}" (use side, symbol, qty, price, type, clordid, account)`);
  const side = f.side?.toLowerCase();
  if (side !== 'buy' && side !== 'sell') throw new OrderSpecError(`side must be buy or sell, got "${f.side ?? ''}"`);
  const symbol = f.symbol ?? '';
  if (symbol.length === 0) throw new OrderSpecError('symbol is missing');
  const qty = f.qty ?? '';
  if (!DECIMAL.test(qty) || !/[1-9]/.test(qty) || qty.startsWith('-')) throw new OrderSpecError(`qty must be a positive decimal, got "${qty}"`);
  const type = (f.type ?? 'limit').toLowerCase();
  if (type !== 'limit' && type !== 'market') throw new OrderSpecError(`type must be limit or market, got "${f.type}"`);
  const spec: OrderSpec = { side, symbol, qty, type };
  if (f.price !== undefined) {
    if (type === 'market') throw new OrderSpecError('a market order takes no price');
    if (!DECIMAL.test(f.price)) throw new OrderSpecError(`price must be a decimal, got "${f.price}"`);
    spec.price = f.price;
  } else if (type === 'limit') {
    throw new OrderSpecError('a limit order needs a price');
  }
  if (f.clordid !== undefined) {
    if (!/^[\x21-\x7e]+$/.test(f.clordid)) throw new OrderSpecError(`clordid must be printable ASCII without spaces, got "${f.clordid}"`);
    spec.clOrdID = f.clordid;
  }
  if (f.account !== undefined) {
    if (f.account.length === 0) throw new OrderSpecError('account is empty');
    spec.account = f.account;
  }
  for (const [k, v] of Object.entries(f)) {
    for (let i = 0; i < v.length; i++) if (v.charCodeAt(i) < 0x20) throw new OrderSpecError(`"${k}" holds a control character`);
  }
  return spec;
}
