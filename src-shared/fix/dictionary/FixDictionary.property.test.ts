import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FixEncoder, type HeaderFields } from '../codec/FixEncoder';
import { frame, text } from '../codec/fixtures';
import { FixParseError } from '../codec/FixParseError';
import { STANDARD_HEADER_TAGS } from '../codec/layout';
import { FixView } from '../codec/FixView';
import { buildNewOrderSingle, type NewOrderSingle, readNewOrderSingle } from '../codec/messages';
import { utcTimestamp } from '../codec/utcTimestamp';
import { FixDictionary } from './FixDictionary';

const dictionary = FixDictionary.tessera();
const encoder = new FixEncoder();
const view = new FixView();

const word = fc.stringMatching(/^[A-Za-z0-9_.-]{1,12}$/);
const decimal = fc.tuple(fc.nat({ max: 99_999 }), fc.option(fc.nat({ max: 9999 }), { nil: undefined })).map(([i, f]) => (f === undefined ? String(i) : `${i}.${f}`));
const timestamp = fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2100, 0, 1) }).map(utcTimestamp);

const header: fc.Arbitrary<HeaderFields> = fc.record(
  { senderCompID: word, targetCompID: word, msgSeqNum: fc.integer({ min: 1, max: 2 ** 31 }), sendingTime: timestamp, senderSubID: word, targetSubID: word, possDupFlag: fc.boolean(), origSendingTime: timestamp },
  { requiredKeys: ['senderCompID', 'targetCompID', 'msgSeqNum', 'sendingTime'] },
);

const order: fc.Arbitrary<NewOrderSingle> = fc.record(
  {
    clOrdID: word,
    account: word,
    symbol: word,
    securityID: word,
    securityExchange: word,
    side: fc.constantFrom('1', '2', '5'),
    transactTime: timestamp,
    orderQty: decimal,
    ordType: fc.constantFrom('1', '2', '3', '4'),
    price: decimal,
    stopPx: decimal,
    timeInForce: fc.constantFrom('0', '1', '3', '4', '6'),
    expireTime: timestamp,
    text: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }).filter((s) => !s.includes('\u0001') && !s.includes('|')),
    fft3: fc.integer({ min: 0, max: 2 ** 24 - 1 }),
    algoComplianceID: fc.integer({ min: 5454470000000000, max: 5454474294967295 }),
  },
  { requiredKeys: ['clOrdID', 'symbol', 'side', 'transactTime', 'orderQty', 'ordType'] },
);

/** The fields of an encoded order as "tag=value" strings, without 8, 9 and 10. */
function fieldsOf(h: HeaderFields, o: NewOrderSingle): string[] {
  return text(encoder.encode(h, buildNewOrderSingle(o))).split('|').slice(2, -2);
}

function verdict(fields: string[]): [number, number | undefined] | null {
  const error = dictionary.validate(view.reset(frame(`${fields.join('|')}|`)));
  return error === null ? null : [error.sessionRejectReason, error.refTagID];
}

const tagOf = (f: string): number => Number(f.slice(0, f.indexOf('=')));

describe('dictionary properties', () => {
  it('every order the builder writes is valid and reads back the same', () => {
    fc.assert(
      fc.property(header, order, (h, o) => {
        view.reset(encoder.encode(h, buildNewOrderSingle(o)));
        expect(dictionary.validate(view)).toBeNull();
        expect(readNewOrderSingle(view)).toEqual(o);
      }),
      { numRuns: 300 },
    );
  });

  it('each kind of damage to a valid order gets its reject reason', () => {
    const damage = fc.constantFrom('missing', 'unknown', 'duplicate', 'enum', 'format', 'empty', 'order', 'msgtype');
    fc.assert(
      fc.property(header, order, damage, fc.nat(), (h, o, kind, pick) => {
        const fields = fieldsOf(h, o);
        const body = fields.filter((f) => !STANDARD_HEADER_TAGS.includes(tagOf(f)));
        switch (kind) {
          case 'missing': {
            const required = [11, 54, 60, 40][pick % 4]!;
            expect(verdict(fields.filter((f) => tagOf(f) !== required))).toEqual([1, required]);
            break;
          }
          case 'unknown': {
            const tag = 5000 + (pick % 4000);
            fc.pre(dictionary.fieldName(tag) === undefined);
            expect(verdict([...fields, `${tag}=x`])).toEqual([0, tag]);
            break;
          }
          case 'duplicate': {
            const f = body[pick % body.length]!;
            expect(verdict([...fields, f])).toEqual([13, tagOf(f)]);
            break;
          }
          case 'enum':
            expect(verdict(fields.map((f) => (tagOf(f) === 54 ? '54=Q' : f)))).toEqual([5, 54]);
            break;
          case 'format':
            expect(verdict(fields.map((f) => (tagOf(f) === 38 ? '38=1,5' : f)))).toEqual([6, 38]);
            break;
          case 'empty': {
            const f = body[pick % body.length]!;
            expect(verdict(fields.map((g) => (g === f ? `${tagOf(f)}=` : g)))).toEqual([4, tagOf(f)]);
            break;
          }
          case 'order':
            expect(verdict([...fields.filter((f) => tagOf(f) !== 52), `52=${h.sendingTime}`])).toEqual([14, 52]);
            break;
          case 'msgtype':
            expect(verdict(fields.map((f) => (tagOf(f) === 35 ? '35=QQ' : f)))).toEqual([11, undefined]);
            break;
        }
      }),
      { numRuns: 400 },
    );
  });

  it('random and mutated frames never throw out of view + validate, except FixParseError from the view', () => {
    const mutated = fc.tuple(header, order, fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 })).map(([h, o, edits]) => {
      const bytes = encoder.encodeCopy(h, buildNewOrderSingle(o));
      for (const [at, value] of edits) bytes[at % bytes.length] = value;
      return bytes;
    });
    fc.assert(
      fc.property(fc.oneof(mutated, fc.uint8Array({ maxLength: 200 })), (bytes) => {
        try {
          view.reset(bytes);
        } catch (e) {
          expect(e).toBeInstanceOf(FixParseError);
          return;
        }
        const error = dictionary.validate(view);
        if (error !== null) expect(typeof error.text).toBe('string');
      }),
      { numRuns: 1000 },
    );
  });
});
