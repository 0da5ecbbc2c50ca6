import { describe, expect, it } from 'vitest';
import { frame, frameBytes, raw } from './fixtures';
import { formatForLog } from './formatForLog';

describe('formatForLog', () => {
  it('shows SOH as | and masks Password and SecureData', () => {
    const line = formatForLog(frame('35=A|49=T4Test|56=test|34=1|52=20150611-17:41:56.934|91=LICENCE|90=7|98=0|108=25|553=MasterUser|554=_password_|'));
    expect(line).toMatch(/^8=FIX\.4\.4\|9=\d+\|35=A\|49=T4Test\|/);
    expect(line).toContain('|91=***|90=7|');
    expect(line).toContain('|553=MasterUser|554=***|10=');
    expect(line).not.toContain('_password_');
    expect(line).not.toContain('LICENCE');
  });

  it('masks a SecureData holding SOH whole, using its length', () => {
    const body = new Uint8Array([...raw('35=UCG|34=2|49=A|56=B|90=12|91='), ...raw('se|ret|554=x'), ...raw('|553=T|554=pw|925=newpw|')]);
    const line = formatForLog(frameBytes(body));
    expect(line).toContain('|90=12|91=***|553=T|554=***|925=***|');
    expect(line).not.toMatch(/se|ret|pw/);
  });

  it('never throws on garbage and escapes control bytes', () => {
    expect(formatForLog(Uint8Array.of(0x00, 0x41, 0x01, 0x3d, 0x7f, 0x0a))).toBe('\\x00A|=\\x7f\\x0a');
    expect(formatForLog(raw('554=secret'))).toBe('554=***');
    expect(formatForLog(raw('90=99|91=secret|554'))).toBe('90=99|91=***|554');
    expect(formatForLog(new Uint8Array([0x35, 0x38, 0x3d, 0xc3, 0xbc, 0xc2, 0x85]))).toBe('58=ü\\u0085');
    expect(formatForLog(new Uint8Array(0))).toBe('');
    expect(formatForLog(new TextEncoder().encode('58=a\u2028b\u2029c'))).toBe('58=a\\u2028b\\u2029c');
    expect(formatForLog(Uint8Array.of(0x35, 0x38, 0x3d, 0xff, 0x41))).toBe('58=\ufffdA');
  });
});
