/**
 * A price, tick size or multiplier that cannot be used as given: not a number, a zero
 * denominator, a price off the instrument's tick lattice, a decimal that cannot be written
 * exactly. The message says which value and why, so it can go back to the sender as is
 * (FIX Text (58), an admin API error).
 */
export class PricingError extends Error {
  override readonly name = 'PricingError';
}
