import { expect, it } from 'vitest';
import { formatTable } from './table';

it('formats rows with the union of their columns, numbers grouped', () => {
  const text = formatTable({
    title: 'T',
    rows: [
      { name: 'ours', 'msgs/s': 1500000, 'p50 µs': 12.345 },
      { name: 'peer', 'msgs/s': 250000, note: 'C++' },
    ],
  });
  expect(text.split('\n')).toEqual([
    '### T',
    '',
    '| name | msgs/s | p50 µs | note |',
    '| --- | ---: | ---: | ---: |',
    '| ours | 1,500,000 | 12.35 |  |',
    '| peer | 250,000 |  | C++ |',
  ]);
});
