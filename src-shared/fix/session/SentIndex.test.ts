import { expect, it } from 'vitest';
import { SentIndex } from './SentIndex';

function all(index: SentIndex, begin = 1, end = Number.MAX_SAFE_INTEGER): string[] {
  const out: string[] = [];
  index.forEach(begin, end, (seq, location, length) => out.push(`${seq}@${location}+${length}`));
  return out;
}

it('keeps messages in MsgSeqNum order and answers ranges', () => {
  const index = new SentIndex();
  for (let seq = 1; seq <= 3000; seq++) index.set(seq, seq * 10, 7);
  expect(index.size).toBe(3000);
  expect(all(index, 1499, 1501)).toEqual(['1499@14990+7', '1500@15000+7', '1501@15010+7']);
  expect(all(index, 3001)).toEqual([]);
});

it('replaces a number stored again and slots in one stored out of order', () => {
  const index = new SentIndex();
  index.set(1, 0, 1);
  index.set(5, 50, 5);
  index.set(9, 90, 9);
  index.set(5, 55, 6);
  index.set(3, 30, 3);
  expect(all(index)).toEqual(['1@0+1', '3@30+3', '5@55+6', '9@90+9']);
  index.clear();
  expect(all(index)).toEqual([]);
});

it('costs memory per message, not per sequence number', () => {
  const index = new SentIndex();
  index.set(2_000_000_000, 1, 1);
  index.set(2_000_000_001, 2, 1);
  expect(all(index, 1_999_999_999)).toEqual(['2000000000@1+1', '2000000001@2+1']);
});
