import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { allowsSession, gatewayConfigFromValue, GatewayConfigError, loadGatewayConfig } from './gatewayConfig';

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tessera-config-'));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function writeConfig(text: string, name = 'config.json'): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

function configError(text: string): GatewayConfigError {
  try {
    loadGatewayConfig(writeConfig(text));
  } catch (error) {
    if (error instanceof GatewayConfigError) return error;
    throw error;
  }
  throw new Error('the config was accepted');
}

describe('loadGatewayConfig', () => {
  it('fills every default from an empty object, with paths anchored at the file', () => {
    const config = loadGatewayConfig(writeConfig('{}'));
    expect(config).toEqual({
      fix: { host: '127.0.0.1', port: 9878, tls: undefined, heartbeat: { minSeconds: 1, maxSeconds: 300 }, sessions: 'any' },
      admin: { port: 9879, tokenTtlMinutes: 30 },
      dataDir: join(dir, 'gateway-data'),
      market: { schedule: 'always-open', backgroundFlow: true, backgroundSeed: 1 },
      store: { fsync: 'full', seedDemoFirm: true },
    });
  });

  it('reads a complete config, resolving relative paths against its folder', () => {
    mkdirSync(join(dir, 'tls'));
    writeFileSync(join(dir, 'tls', 'gateway.crt'), 'cert');
    writeFileSync(join(dir, 'tls', 'gateway.key'), 'key');
    const path = writeConfig(
      JSON.stringify({
        fix: {
          host: '0.0.0.0',
          port: 5001,
          tls: { cert: 'tls/gateway.crt', key: 'tls/gateway.key' },
          heartbeat: { minSeconds: 10, maxSeconds: 60 },
          sessions: [{ firm: 'DemoFirm', application: 'Tessera' }],
        },
        admin: { port: 0, tokenTtlMinutes: 5 },
        dataDir: '/var/lib/tessera',
        market: { schedule: 'scheduled', backgroundFlow: false, backgroundSeed: 42 },
        store: { fsync: 'normal', seedDemoFirm: false },
      }),
    );
    const config = loadGatewayConfig(path);
    expect(config.fix.tls).toEqual({ cert: join(dir, 'tls', 'gateway.crt'), key: join(dir, 'tls', 'gateway.key'), ca: undefined });
    expect(config.fix.sessions).toEqual([{ firm: 'DemoFirm', application: 'Tessera' }]);
    expect(config.fix.heartbeat).toEqual({ minSeconds: 10, maxSeconds: 60 });
    expect(config.dataDir).toBe('/var/lib/tessera');
    expect(config.market).toEqual({ schedule: 'scheduled', backgroundFlow: false, backgroundSeed: 42 });
    expect(config.store).toEqual({ fsync: 'normal', seedDemoFirm: false });
    expect(config.admin).toEqual({ port: 0, tokenTtlMinutes: 5 });
  });

  it('names the path, line and offending value of a bad setting', () => {
    const error = configError('{\n  "fix": {\n    "port": "abc"\n  }\n}\n');
    expect(error.message).toBe('config.json:3: fix.port: expected an integer from 0 to 65535, got "abc"');
    expect(error.problems).toEqual([{ path: 'fix.port', message: 'expected an integer from 0 to 65535, got "abc"', line: 3 }]);
  });

  it('lists every problem at once, in file order', () => {
    const text = [
      '{',
      '  "fix": {',
      '    "port": 70000,',
      '    "prot": 1,',
      '    "heartbeat": { "minSeconds": 30, "maxSeconds": 10 },',
      '    "sessions": [{ "firm": "DemoFirm" }, { "firm": "a b", "application": "X" }]',
      '  },',
      '  "market": { "schedule": "sometimes", "backgroundSeed": -1 },',
      '  "store": { "fsync": true },',
      '  "dataDir": ""',
      '}',
    ].join('\n');
    expect(configError(text).message.split('\n')).toEqual([
      'config.json:3: fix.port: expected an integer from 0 to 65535, got 70000',
      'config.json:4: fix.prot: unknown setting',
      'config.json:5: fix.heartbeat.maxSeconds: must not be below minSeconds (30), got 10',
      'config.json:6: fix.sessions[0].application: required',
      'config.json:6: fix.sessions[1].firm: expected 1 to 64 printable ASCII characters without spaces or "=", got "a b"',
      'config.json:8: market.schedule: expected "always-open" or "scheduled", got "sometimes"',
      'config.json:8: market.backgroundSeed: expected an integer from 0 to 4294967295, got -1',
      'config.json:9: store.fsync: expected "full" or "normal", got true',
      'config.json:10: dataDir: expected a non-empty text, got ""',
    ]);
  });

  it('refuses an admin port equal to the FIX port', () => {
    expect(configError('{"fix": {"port": 5000}, "admin": {"port": 5000}}').message).toBe(
      'config.json:1: admin.port: must differ from fix.port (5000), got 5000',
    );
  });

  it('refuses a session list that is neither "any" nor pairs', () => {
    expect(configError('{"fix": {"sessions": "all"}}').message).toBe(
      'config.json:1: fix.sessions: expected "any" or a non-empty list of {"firm", "application"} pairs, got "all"',
    );
    expect(configError('{"fix": {"sessions": []}}').message).toBe(
      'config.json:1: fix.sessions: expected at least one {"firm", "application"} pair, got a list',
    );
  });

  it('says where a JSON syntax error is', () => {
    expect(configError('{\n  "fix": {\n    "port": 1,\n  }\n}').message).toBe(
      `config.json:4: not valid JSON: expected a property name in double quotes, found "}" (column 3)`,
    );
  });

  it('rejects a document that is not an object', () => {
    expect(configError('[1]').message).toBe('config.json:1: expected a JSON object, got a list');
  });

  it('says so when the file does not exist or is a folder', () => {
    expect(() => loadGatewayConfig(join(dir, 'missing.json'))).toThrow(`missing.json: no such file: ${join(dir, 'missing.json')}`);
    expect(() => loadGatewayConfig(dir)).toThrow(`is a folder, not a file`);
  });

  it('reports TLS files that are not there', () => {
    expect(configError('{"fix": {"tls": {"cert": "a.crt", "key": "a.key"}}}').message.split('\n')).toEqual([
      `config.json:1: fix.tls.cert: no such file: ${join(dir, 'a.crt')}`,
      `config.json:1: fix.tls.key: no such file: ${join(dir, 'a.key')}`,
    ]);
  });

  it('accepts a UTF-8 byte order mark', () => {
    expect(loadGatewayConfig(writeConfig('\uFEFF{"fix": {"port": 1234}}')).fix.port).toBe(1234);
  });
});

describe('gatewayConfigFromValue', () => {
  it('validates a config built in code, without line numbers', () => {
    expect(gatewayConfigFromValue({ fix: { port: 0 }, dataDir: 'd' }, { source: 'embedded', baseDir: '/base' }).dataDir).toBe('/base/d');
    expect(() => gatewayConfigFromValue({ admin: { port: 'x' } }, { source: 'embedded', baseDir: '/base' })).toThrow(
      'embedded: admin.port: expected an integer from 0 to 65535, got "x"',
    );
  });
});

describe('allowsSession', () => {
  it('allows any pair under "any" and only listed pairs otherwise', () => {
    expect(allowsSession('any', 'Whatever', 'AnyFirm')).toBe(true);
    const pairs = [{ firm: 'DemoFirm', application: 'Tessera' }];
    expect(allowsSession(pairs, 'Tessera', 'DemoFirm')).toBe(true);
    expect(allowsSession(pairs, 'WhenTech', 'DemoFirm')).toBe(false);
    expect(allowsSession(pairs, 'Tessera', 'OtherFirm')).toBe(false);
  });
});
