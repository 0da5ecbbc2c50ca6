import { formatScaled, Rational } from '../../src-shared/pricing';

/**
 * A rational as a decimal string for the screens: exact when it has at most `maxPlaces`
 * decimal places, else rounded half up to `maxPlaces` (an average over three fills, say).
 * Trailing zeros of the rounding are dropped.
 */
export function decimalOf(value: Rational, maxPlaces: number): string {
  const places = value.decimalPlaces();
  if (places !== undefined && places <= maxPlaces) return value.toDecimalString();
  const scaled = value.mul(Rational.of(10n ** BigInt(maxPlaces))).add(Rational.of(1, 2)).floor();
  const text = formatScaled(scaled, maxPlaces);
  return text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text;
}
