import { describe, expect, it } from 'vitest';
import { quantityText } from './quantityText';

describe('quantityText', () => {
  it('is blank for zero and plain digits below a million', () => {
    expect(quantityText(0)).toBe('');
    expect(quantityText(7)).toBe('7');
    expect(quantityText(999_999)).toBe('999999');
    expect(quantityText(-40)).toBe('-40');
  });

  it('shows exact millions with up to three decimals', () => {
    expect(quantityText(10_000_000)).toBe('10M');
    expect(quantityText(2_500_000)).toBe('2.5M');
    expect(quantityText(1_001_000)).toBe('1.001M');
    expect(quantityText(-2_500_000)).toBe('-2.5M');
    expect(quantityText(-500_000_000)).toBe('-500M');
  });

  it('keeps every digit when millions would round', () => {
    expect(quantityText(1_000_001)).toBe('1000001');
    expect(quantityText(1_234_567)).toBe('1234567');
  });
});
