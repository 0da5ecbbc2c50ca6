export { FixDictionary, SESSION_REJECT_TEXT } from './FixDictionary';
export type { FixValidationError } from './FixDictionary';
