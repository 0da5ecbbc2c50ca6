import { describe, expect, it } from 'vitest';
import { complianceId, parseFft3, parseOperatorId } from './algoLabel';

const eurex = { sendRegulatoryId: 1, algoRange: 5 } as const;

describe('complianceId (SPEC §3 examples)', () => {
  it('AlgoRange 5, FFT3 2014 → algo ID 83,888,094 → 5454470083888094', () => {
    expect(complianceId('2014', 'OP1', eurex)).toEqual({ ok: true, complianceId: 5454470083888094n, combinedAlgoId: 83_888_094 });
  });

  it('prefix 100 from the Operator ID, FFT3 200 → 1,677,721,800 → 5454471677721800', () => {
    expect(complianceId('200', 'OP2|100', eurex)).toEqual({ ok: true, complianceId: 5454471677721800n, combinedAlgoId: 1_677_721_800 });
  });

  it('no range, FFT3 1234 → 5454470000001234', () => {
    expect(complianceId('1234', 'OP1', { sendRegulatoryId: 1, algoRange: null })).toEqual({
      ok: true,
      complianceId: 5454470000001234n,
      combinedAlgoId: 1234,
    });
  });
});

describe('complianceId', () => {
  const unlabelled = { ok: true, complianceId: undefined, combinedAlgoId: undefined };

  it('reaches both ends of the 32-bit algo ID range exactly', () => {
    expect(complianceId('0', 'X|0', eurex)).toEqual({ ok: true, complianceId: 5454470000000000n, combinedAlgoId: 0 });
    expect(complianceId('16777215', 'X|255', eurex)).toEqual({ ok: true, complianceId: 5454474294967295n, combinedAlgoId: 4_294_967_295 });
  });

  it('labels nothing on a session with SendRegulatoryID=0, whatever FFT3 and AlgoRange say', () => {
    expect(complianceId('2014', 'OP1', { sendRegulatoryId: 0, algoRange: 5 })).toEqual(unlabelled);
  });

  it('labels nothing for a blank Operator ID or a non-member (|NM)', () => {
    expect(complianceId('2014', '', eurex)).toEqual(unlabelled);
    expect(complianceId('2014', '   ', eurex)).toEqual(unlabelled);
    expect(complianceId('2014', 'TRAXV|NM', eurex)).toEqual(unlabelled);
    expect(complianceId('2014', 'TRAXV|nm', eurex)).toEqual(unlabelled);
  });

  it('labels nothing for an order without FFT3 (a manual order)', () => {
    expect(complianceId(undefined, 'OP1', eurex)).toEqual(unlabelled);
  });

  it('rejects an FFT3 out of range or not an integer, with a reason, never truncating', () => {
    const reason = (text: string) => `FFT3 (20003) must be an integer from 0 to 16777215, got ${JSON.stringify(text)}`;
    for (const bad of ['16777216', '123456789', '-1', '1.5', '1e3', 'abc', '', ' 12', '+12', '0x10']) {
      expect(complianceId(bad, 'OP1', eurex)).toEqual({ ok: false, reason: reason(bad) });
    }
    // A bad FFT3 is bad on any session.
    expect(complianceId('99999999', 'OP1', { sendRegulatoryId: 0, algoRange: null }).ok).toBe(false);
  });

  it('rejects an order whose Operator ID carries an invalid prefix instead of guessing', () => {
    expect(complianceId('1', 'OP1|256', eurex)).toEqual({ ok: false, reason: 'Operator ID "OP1|256" must be <id>, <id>|NM or <id>|<algo prefix 0-255>' });
  });

  it('rejects a session AlgoRange outside 0-255', () => {
    expect(complianceId('1', 'OP1', { sendRegulatoryId: 1, algoRange: 300 })).toEqual({ ok: false, reason: 'AlgoRange 300 of the exchange session is outside 0-255' });
  });
});

describe('parseOperatorId', () => {
  it.each([
    ['', { kind: 'blank' }],
    ['OP1', { kind: 'member', id: 'OP1', prefix: undefined }],
    ['TRAXV|5', { kind: 'member', id: 'TRAXV', prefix: 5 }],
    [' TRAXV | 5 ', { kind: 'member', id: 'TRAXV', prefix: 5 }],
    ['TRAXV|NM', { kind: 'non-member', id: 'TRAXV' }],
  ])('understands %j', (text, value) => {
    expect(parseOperatorId(text)).toEqual({ ok: true, value });
  });

  it.each(['|5', 'OP1|', 'OP1|-1', 'OP1|256', 'OP1|1000', 'OP1|5|6', 'OP1|X'])('refuses %j', (text) => {
    expect(parseOperatorId(text).ok).toBe(false);
  });
});

describe('parseFft3', () => {
  it('accepts up to 8 digits below 2^24', () => {
    expect(parseFft3('00002014')).toEqual({ ok: true, value: 2014 });
    expect(parseFft3('16777215')).toEqual({ ok: true, value: 16_777_215 });
  });
});
