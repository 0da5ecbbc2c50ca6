/**
 * A session-level acceptance script in QuickFIX's `.def` format, one step a line:
 *
 *   iCONNECT / iDISCONNECT      we (the test) open / close connection 1
 *   eCONNECT / eDISCONNECT      we expect the engine to connect / to close the connection
 *   I<message>                  we send <message>
 *   E<message>                  we expect <message> next
 *   i2,CONNECT  I2,<message>    the same on connection 2 (one digit, then a comma)
 *   # …                         a comment
 *
 * Messages are fields joined by SOH. `<TIME>`, `<TIME+N>` and `<TIME-N>` stand for the UTC time
 * (seconds) when the step runs; BodyLength and CheckSum are computed unless the line gives them
 * (a test of a bad one does). This module only reads scripts; AcceptanceRunner runs them.
 */

export type StepKind = 'connect' | 'disconnect' | 'expectConnect' | 'expectDisconnect' | 'send' | 'expect';

export interface Step {
  readonly kind: StepKind;
  readonly connection: number;
  /** The message text for send/expect, placeholders not yet filled in. */
  readonly message: string;
  /** 1-based line in the script, and the line itself, for failure reports. */
  readonly lineNumber: number;
  readonly line: string;
}

export class ScriptSyntaxError extends Error {
  override readonly name = 'ScriptSyntaxError';
}

export function parseScript(text: string): Step[] {
  const steps: Step[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.replace(/\r$/, '');
    if (line.length === 0 || line.startsWith('#')) continue;
    steps.push(parseLine(line, i + 1));
  }
  return steps;
}

function parseLine(line: string, lineNumber: number): Step {
  const action = line[0]!;
  if (!'IEie'.includes(action)) throw new ScriptSyntaxError(`line ${lineNumber}: unknown action "${action}" in "${line}"`);
  const numbered = /^[IEie]\d,/.test(line);
  const connection = numbered ? Number(line[1]) : 1;
  const body = line.slice(numbered ? 3 : 1);
  const step = (kind: StepKind, message = ''): Step => ({ kind, connection, message, lineNumber, line });
  if (action === 'I') return step('send', body);
  if (action === 'E') return step('expect', body);
  if (body === 'CONNECT') return step(action === 'i' ? 'connect' : 'expectConnect');
  if (body === 'DISCONNECT') return step(action === 'i' ? 'disconnect' : 'expectDisconnect');
  throw new ScriptSyntaxError(`line ${lineNumber}: unknown command "${body}"`);
}

const SOH = '\x01';

/** `<TIME>`, `<TIME+N>`, `<TIME-N>` → YYYYMMDD-HH:MM:SS (UTC, whole seconds), N in seconds. */
export function fillTimes(message: string, nowMs: number): string {
  return message.replace(/<TIME(?:([+-])(\d+))?>/g, (_, sign: string | undefined, seconds: string | undefined) => {
    const offset = sign === undefined ? 0 : Number(seconds) * (sign === '+' ? 1000 : -1000);
    return scriptTimestamp(nowMs + offset);
  });
}

function scriptTimestamp(ms: number): string {
  const d = new Date(ms);
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}${two(d.getUTCMonth() + 1)}${two(d.getUTCDate())}-${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
}

/**
 * Completes a message that starts with 8=… the way QuickFIX's runner does: BodyLength (9) after
 * BeginString unless the line has one, CheckSum (10) at the end unless the line has one. A line
 * that gives its own CheckSum gets a BodyLength that stops before the SOH in front of it, as in
 * QuickFIX's runner (such lines test bad messages). Anything not starting with 8= is left as is.
 */
export function completeMessage(message: string): string {
  const headEnd = message.indexOf(SOH);
  if (!message.startsWith('8=') || headEnd < 0) return message;
  const hasLength = message.includes(`${SOH}9=`);
  const head = message.slice(0, headEnd + 1);
  let rest = message.slice(headEnd + 1);
  const given = givenTrailerAt(rest);
  const trailer = given < 0 ? '' : rest.slice(given);
  if (given >= 0) rest = rest.slice(0, given);
  const length = hasLength ? '' : `9=${byteLength(rest)}${SOH}`;
  const checksum = given >= 0 ? trailer : `10=${String(byteSum(head + length + rest) % 256).padStart(3, '0')}${SOH}`;
  return head + length + rest + checksum;
}

/** Where "<SOH>10=…<SOH>" running to the end starts (the first such "<SOH>10="), or -1. */
function givenTrailerAt(rest: string): number {
  const at = rest.indexOf(`${SOH}10=`);
  return at >= 0 && rest.endsWith(SOH) && rest.length - 1 >= at + 4 ? at : -1;
}

function byteLength(s: string): number {
  return Buffer.byteLength(s, 'latin1');
}

function byteSum(s: string): number {
  let sum = 0;
  for (let i = 0; i < s.length; i++) sum += s.charCodeAt(i) & 0xff;
  return sum;
}
