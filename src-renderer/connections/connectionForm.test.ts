import { describe, expect, it } from 'vitest';
import { IpcError } from '../../src-shared/ipc/protocol';
import { blankConnectionDraft, checkConnectionDraft, errorsFromMain, type ConnectionDraft } from './connectionForm';

const valid: ConnectionDraft = {
  ...blankConnectionDraft,
  name: 'Prod gateway',
  host: 'fix.example.com',
  port: '9878',
  senderCompID: 'TESSERA',
  targetCompID: 'ACME',
};

describe('checkConnectionDraft', () => {
  it('turns a complete draft into the contract input, numbers parsed', () => {
    expect(checkConnectionDraft(valid)).toEqual({
      ok: true,
      input: { name: 'Prod gateway', host: 'fix.example.com', port: 9878, senderCompID: 'TESSERA', targetCompID: 'ACME', heartbeatSeconds: 30, tls: false },
    });
  });

  it('gives the schema reason for a port out of range', () => {
    expect(checkConnectionDraft({ ...valid, port: '70000' })).toEqual({ ok: false, errors: { port: 'to 65535' } });
    expect(checkConnectionDraft({ ...valid, port: '0' })).toEqual({ ok: false, errors: { port: 'from 1' } });
    expect(checkConnectionDraft({ ...valid, port: '98.5' })).toEqual({ ok: false, errors: { port: 'a whole number' } });
  });

  it('says required for an empty number and a number for text', () => {
    expect(checkConnectionDraft({ ...valid, port: '  ' })).toEqual({ ok: false, errors: { port: 'required' } });
    expect(checkConnectionDraft({ ...valid, port: '98x' })).toEqual({ ok: false, errors: { port: 'a number' } });
  });

  it('reports every bad field of a blank form once', () => {
    const check = checkConnectionDraft(blankConnectionDraft);
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(check.errors).toEqual({ name: 'required', port: 'required', senderCompID: 'required', targetCompID: 'required' });
  });

  it('rejects CompIDs FIX cannot carry', () => {
    const check = checkConnectionDraft({ ...valid, senderCompID: 'A=B', targetCompID: 'two words' });
    expect(check).toEqual({ ok: false, errors: { senderCompID: "must not contain '|' or '='", targetCompID: 'printable ASCII without spaces' } });
  });

  it('trims the name and host it sends', () => {
    const check = checkConnectionDraft({ ...valid, name: '  Prod  ', host: ' 10.0.0.1 ' });
    expect(check.ok && check.input.name).toBe('Prod');
    expect(check.ok && check.input.host).toBe('10.0.0.1');
  });
});

describe('errorsFromMain', () => {
  it('puts issues next to their fields and the rest above the form', () => {
    const error = new IpcError({
      code: 'InvalidPayload',
      message: "Invalid payload for 'connections.add': port: to 65535; extra: unknown key",
      issues: [
        { path: 'port', message: 'to 65535' },
        { path: 'extra', message: 'unknown key' },
      ],
    });
    expect(errorsFromMain(error)).toEqual({ fields: { port: 'to 65535' }, general: 'extra: unknown key' });
  });

  it('shows a refusal as a whole', () => {
    const error = new IpcError({ code: 'Refused', message: "A connection named 'Prod' already exists" });
    expect(errorsFromMain(error)).toEqual({ fields: {}, general: "A connection named 'Prod' already exists" });
  });

  it('shows a lost link as a whole', () => {
    expect(errorsFromMain(new Error('Connection to main lost: closed'))).toEqual({ fields: {}, general: 'Connection to main lost: closed' });
  });
});
