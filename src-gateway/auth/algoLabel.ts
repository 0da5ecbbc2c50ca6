import type { ExchangeRecord } from '../store/records';

// Algo labeling (SPEC §3, seed 001): an automatic order carries its algo identifier in FFT3
// (tag 20003); on an exchange session with SendRegulatoryID=1, for a user who is an exchange
// member, the gateway sends ComplianceID (25029) = 545447 × 10^10 + prefix × 2^24 + FFT3, where
// prefix is the user's Operator ID override `<id>|<n>` or else the session's AlgoRange.

export const fft3Tag = 20003;
export const complianceIdTag = 25029;

const ttIdentifier = 545447n * 10n ** 10n;
const fft3Limit = 2 ** 24;

export type OrderSessionSettings = Pick<ExchangeRecord, 'sendRegulatoryId' | 'algoRange'>;

/** An Operator ID from User Setup, understood. */
export type OperatorId =
  | { readonly kind: 'blank' }
  /** `<id>|NM`: not an exchange member, never labelled. */
  | { readonly kind: 'non-member'; readonly id: string }
  /** `<id>` or `<id>|<prefix>`: a member, labelled with its override or the session's range. */
  | { readonly kind: 'member'; readonly id: string; readonly prefix: number | undefined };

export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };

const operatorIdPattern = /^([^|\s][^|]*?)\s*(?:\|\s*(\S*)\s*)?$/;

export function parseOperatorId(text: string): Parsed<OperatorId> {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: true, value: { kind: 'blank' } };
  const match = operatorIdPattern.exec(trimmed);
  const invalid = { ok: false, reason: `Operator ID ${JSON.stringify(text)} must be <id>, <id>|NM or <id>|<algo prefix 0-255>` } as const;
  if (!match) return invalid;
  const id = match[1]!;
  const suffix = match[2];
  if (suffix === undefined) return { ok: true, value: { kind: 'member', id, prefix: undefined } };
  if (suffix.toUpperCase() === 'NM') return { ok: true, value: { kind: 'non-member', id } };
  if (!/^\d{1,3}$/.test(suffix) || Number(suffix) > 255) return invalid;
  return { ok: true, value: { kind: 'member', id, prefix: Number(suffix) } };
}

/** FFT3 as sent: an integer 0 … 2^24−1 in at most 8 digits; never truncated, never rounded. */
export function parseFft3(text: string): Parsed<number> {
  if (/^\d{1,8}$/.test(text)) {
    const value = Number(text);
    if (value < fft3Limit) return { ok: true, value };
  }
  const shown = text.length > 24 ? `${text.slice(0, 24)}...` : text;
  return { ok: false, reason: `FFT3 (${fft3Tag}) must be an integer from 0 to ${fft3Limit - 1}, got ${JSON.stringify(shown)}` };
}

export type ComplianceIdResult =
  | {
      readonly ok: true;
      /** ComplianceID (25029) to send; undefined when the order is not labelled. */
      readonly complianceId: bigint | undefined;
      /** prefix × 2^24 + FFT3, for the audit file's CombinedAlgoId; undefined (blank) when not labelled. */
      readonly combinedAlgoId: number | undefined;
    }
  | { readonly ok: false; readonly reason: string };

const unlabelled: ComplianceIdResult = Object.freeze({ ok: true, complianceId: undefined, combinedAlgoId: undefined });

/**
 * The ComplianceID for an order: `fft3` is tag 20003's text (undefined when absent),
 * `operatorId` the sending user's Operator ID, `session` the exchange's order session. An
 * invalid FFT3 rejects the order whatever the session says.
 */
export function complianceId(fft3: string | undefined, operatorId: string, session: OrderSessionSettings): ComplianceIdResult {
  if (fft3 === undefined) return unlabelled;
  const algo = parseFft3(fft3);
  if (!algo.ok) return algo;
  if (session.sendRegulatoryId !== 1) return unlabelled;
  const operator = parseOperatorId(operatorId);
  if (!operator.ok) return operator;
  if (operator.value.kind !== 'member') return unlabelled;
  const prefix = operator.value.prefix ?? session.algoRange ?? 0;
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > 255) {
    return { ok: false, reason: `AlgoRange ${prefix} of the exchange session is outside 0-255` };
  }
  const combinedAlgoId = prefix * fft3Limit + algo.value;
  return { ok: true, complianceId: ttIdentifier + BigInt(combinedAlgoId), combinedAlgoId };
}
