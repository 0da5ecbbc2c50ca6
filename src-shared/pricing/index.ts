export { PricingError } from './PricingError';
export { Rational, formatScaled } from './Rational';
export { TickSize } from './TickSize';
