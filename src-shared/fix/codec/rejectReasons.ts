import { SessionRejectReason } from './tags';

/**
 * The Text (58) of a session Reject for each SessionRejectReason (373), word for word as
 * QuickFIX writes it (its Values.h): counterparties and QuickFIX's acceptance tests compare these.
 * QuickFIX C++ has no text of its own for 15, 17 and 99: 15 is QuickFIX/J's (its acceptance case
 * 14j compares it), 17 and 99 the reasons' names in the FIX specification. The one table for the
 * dictionary's verdicts and the session's Rejects.
 */
export const SESSION_REJECT_TEXT: Readonly<Record<number, string>> = {
  [SessionRejectReason.InvalidTagNumber]: 'Invalid tag number',
  [SessionRejectReason.RequiredTagMissing]: 'Required tag missing',
  [SessionRejectReason.TagNotDefinedForThisMessageType]: 'Tag not defined for this message type',
  [SessionRejectReason.UndefinedTag]: 'Undefined Tag',
  [SessionRejectReason.TagSpecifiedWithoutAValue]: 'Tag specified without a value',
  [SessionRejectReason.ValueIsIncorrect]: 'Value is incorrect (out of range) for this tag',
  [SessionRejectReason.IncorrectDataFormatForValue]: 'Incorrect data format for value',
  [SessionRejectReason.DecryptionProblem]: 'Decryption problem',
  [SessionRejectReason.SignatureProblem]: 'Signature problem',
  [SessionRejectReason.CompIDProblem]: 'CompID problem',
  [SessionRejectReason.SendingTimeAccuracyProblem]: 'SendingTime accuracy problem',
  [SessionRejectReason.InvalidMsgType]: 'Invalid MsgType',
  [SessionRejectReason.TagAppearsMoreThanOnce]: 'Tag appears more than once',
  [SessionRejectReason.TagSpecifiedOutOfRequiredOrder]: 'Tag specified out of required order',
  [SessionRejectReason.RepeatingGroupFieldsOutOfOrder]: 'Out of order repeating group members',
  [SessionRejectReason.IncorrectNumInGroupCountForRepeatingGroup]: 'Incorrect NumInGroup count for repeating group',
  [SessionRejectReason.NonDataValueIncludesFieldDelimiter]: 'Non-data value includes field delimiter (SOH character)',
  [SessionRejectReason.Other]: 'Other',
};

/** The Reject text for a SessionRejectReason, or undefined for one without (12, unknown ones). */
export function sessionRejectText(reason: number): string | undefined {
  return SESSION_REJECT_TEXT[reason];
}

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

/** QuickFIX's Text for each BusinessRejectReason (380). */
const BUSINESS_REJECT_TEXT: Readonly<Record<number, string>> = {
  [BusinessRejectReason.Other]: 'Other',
  [BusinessRejectReason.UnknownID]: 'Unknown ID',
  [BusinessRejectReason.UnknownSecurity]: 'Unknown Security',
  [BusinessRejectReason.UnsupportedMessageType]: 'Unsupported Message Type',
  [BusinessRejectReason.ApplicationNotAvailable]: 'Application Not Available',
  [BusinessRejectReason.ConditionallyRequiredFieldMissing]: 'Conditionally Required Field Missing',
  [BusinessRejectReason.NotAuthorized]: 'Not Authorized',
  [BusinessRejectReason.DeliverToFirmNotAvailable]: 'Deliver to firm not available at this time',
};

export function businessRejectText(reason: number): string | undefined {
  return BUSINESS_REJECT_TEXT[reason];
}
