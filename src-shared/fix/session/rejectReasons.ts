/**
 * Reject reasons and the texts QuickFIX puts in Text (58) for them. Counterparties and the
 * session-level acceptance tests match these texts, so they are kept word for word.
 */

const SESSION_REJECT_TEXTS: Readonly<Record<number, string>> = {
  0: 'Invalid tag number',
  1: 'Required tag missing',
  2: 'Tag not defined for this message type',
  3: 'Undefined Tag',
  4: 'Tag specified without a value',
  5: 'Value is incorrect (out of range) for this tag',
  6: 'Incorrect data format for value',
  7: 'Decryption problem',
  8: 'Signature problem',
  9: 'CompID problem',
  10: 'SendingTime accuracy problem',
  11: 'Invalid MsgType',
  13: 'Tag appears more than once',
  14: 'Tag specified out of required order',
  16: 'Incorrect NumInGroup count for repeating group',
};

/** FIX 380 BusinessRejectReason values. */
export const BusinessRejectReason = {
  Other: 0,
  UnknownID: 1,
  UnknownSecurity: 2,
  UnsupportedMessageType: 3,
  ApplicationNotAvailable: 4,
  ConditionallyRequiredFieldMissing: 5,
  NotAuthorized: 6,
  DeliverToFirmNotAvailable: 7,
} as const;

const BUSINESS_REJECT_TEXTS: Readonly<Record<number, string>> = {
  0: 'Other',
  1: 'Unknown ID',
  2: 'Unknown Security',
  3: 'Unsupported Message Type',
  4: 'Application Not Available',
  5: 'Conditionally Required Field Missing',
  6: 'Not Authorized',
  7: 'Deliver to firm not available at this time',
};

/** QuickFIX's Text for a SessionRejectReason (373), or undefined for one it leaves blank. */
export function sessionRejectText(reason: number): string | undefined {
  return SESSION_REJECT_TEXTS[reason];
}

/** QuickFIX's Text for a BusinessRejectReason (380). */
export function businessRejectText(reason: number): string | undefined {
  return BUSINESS_REJECT_TEXTS[reason];
}
