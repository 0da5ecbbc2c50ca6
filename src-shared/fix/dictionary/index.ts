export { FixDictionary } from './FixDictionary';
export type { FixValidationError } from './FixDictionary';
