import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { FileStore } from './FileStore';
import { withoutSecrets } from './withoutSecrets';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text.replaceAll('|', '\x01'));
const text = (frame: Uint8Array): string => new TextDecoder().decode(frame).replaceAll('\x01', '|');

it('masks 554 and 925 on Logons and Trader Logons, and leaves other frames untouched', () => {
  expect(text(withoutSecrets(bytes('8=FIX.4.4|9=60|35=A|553=trader1|554=s3cret|925=n3w|58=x554=y|10=000|')))).toBe(
    '8=FIX.4.4|9=60|35=A|553=trader1|554=***|925=***|58=x554=y|10=000|',
  );
  expect(text(withoutSecrets(bytes('8=FIX.4.4|9=40|35=UCG|553=trader2|554=pw|10=000|')))).toBe('8=FIX.4.4|9=40|35=UCG|553=trader2|554=***|10=000|');
  const order = bytes('8=FIX.4.4|9=30|35=D|58=554=not-a-password|10=000|');
  expect(withoutSecrets(order)).toBe(order);
});

it('keeps no password in a FileStore on disk', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tessera-secrets-'));
  try {
    const store = FileStore.open(dir, 'Tessera', 'DemoFirm', { fsync: 'never' });
    store.saveSent(1, bytes('8=FIX.4.4|9=60|35=A|553=trader1|554=s3cret-pw|10=000|'));
    store.flush();
    store.close();
    const onDisk = readdirSync(dir).map((file) => readFileSync(join(dir, file), 'latin1')).join('');
    expect(onDisk).toContain('553=trader1');
    expect(onDisk).not.toContain('s3cret-pw');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
