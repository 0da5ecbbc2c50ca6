import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../../src-shared/fix/session';
import { CredentialFreeStore, withoutPasswords } from './CredentialFreeStore';

const bytes = (text: string) => new TextEncoder().encode(text.replaceAll('|', '\x01'));
const text = (frame: Uint8Array) => new TextDecoder().decode(frame).replaceAll('\x01', '|');

describe('CredentialFreeStore', () => {
  it('masks Password (554) and NewPassword (925), and nothing else', () => {
    expect(text(withoutPasswords(bytes('8=FIX.4.4|9=60|35=A|553=trader1|554=s3cret|925=n3w|58=x554=y|10=000|')))).toBe('8=FIX.4.4|9=60|35=A|553=trader1|554=***|925=***|58=x554=y|10=000|');
    const plain = bytes('8=FIX.4.4|9=20|35=D|11=A|10=000|');
    expect(withoutPasswords(plain)).toBe(plain);
  });

  it('stores sent messages without the secret, numbers unchanged', () => {
    const store = new CredentialFreeStore(new MemoryStore(0));
    store.saveSent(1, bytes('8=FIX.4.4|9=30|35=UCG|553=t|554=hunter2|10=000|'));
    const stored: string[] = [];
    store.forEachSent(1, 1, (_seq, frame) => stored.push(text(frame)));
    expect(stored).toEqual(['8=FIX.4.4|9=30|35=UCG|553=t|554=***|10=000|']);
    expect(store.nextSenderMsgSeqNum).toBe(2);
  });
});
