/**
 * Where FIX 4.4 puts fields: the standard header and trailer tags, and the LENGTH/DATA pairs
 * whose data value may hold any byte (SOH included) and is read by its length, not by SOH.
 * Lookups are flat tables indexed by tag so the parser and encoder pay one array read.
 */

export const SOH = 0x01;

const TABLE_SIZE = 1024;

/** FIX 4.4 LENGTH field → the DATA field it measures (the length comes right before the data). */
export const LENGTH_DATA_PAIRS: readonly (readonly [number, number])[] = [
  [90, 91], // SecureDataLen / SecureData
  [95, 96], // RawDataLength / RawData
  [93, 89], // SignatureLength / Signature
  [212, 213], // XmlDataLen / XmlData
  [348, 349], // EncodedIssuerLen / EncodedIssuer
  [350, 351], // EncodedSecurityDescLen / EncodedSecurityDesc
  [352, 353], // EncodedListExecInstLen / EncodedListExecInst
  [354, 355], // EncodedTextLen / EncodedText
  [356, 357], // EncodedSubjectLen / EncodedSubject
  [358, 359], // EncodedHeadlineLen / EncodedHeadline
  [360, 361], // EncodedAllocTextLen / EncodedAllocText
  [362, 363], // EncodedUnderlyingIssuerLen / EncodedUnderlyingIssuer
  [364, 365], // EncodedUnderlyingSecurityDescLen / EncodedUnderlyingSecurityDesc
  [445, 446], // EncodedListStatusTextLen / EncodedListStatusText
  [618, 619], // EncodedLegIssuerLen / EncodedLegIssuer
  [621, 622], // EncodedLegSecurityDescLen / EncodedLegSecurityDesc
];

const dataOfLength = new Int32Array(TABLE_SIZE);
const lengthOfData = new Int32Array(TABLE_SIZE);
for (const [length, data] of LENGTH_DATA_PAIRS) {
  dataOfLength[length] = data;
  lengthOfData[data] = length;
}

/** The data tag a length tag measures, or 0. */
export function dataTagOf(lengthTag: number): number {
  return lengthTag < TABLE_SIZE ? dataOfLength[lengthTag]! : 0;
}

/** The length tag that measures a data tag, or 0. */
export function lengthTagOf(dataTag: number): number {
  return dataTag < TABLE_SIZE ? lengthOfData[dataTag]! : 0;
}

/** FIX 4.4 standard header, in its standard order (Hop group 627/628/629/630 included). */
export const STANDARD_HEADER_TAGS: readonly number[] = [
  8, 9, 35, 49, 56, 115, 128, 90, 91, 34, 50, 142, 57, 143, 116, 144, 129, 145, 43, 97, 52, 122, 212, 213, 347,
  369, 627, 628, 629, 630,
];

/** FIX 4.4 standard trailer. */
export const STANDARD_TRAILER_TAGS: readonly number[] = [93, 89, 10];

/**
 * Header fields the session owns: the encoder writes them from its HeaderFields and ignores
 * copies carried in a message (so a received message can be sent on again as it is).
 */
export const SESSION_OWNED_TAGS: readonly number[] = [8, 9, 35, 10, 34, 49, 56, 52, 43, 122];

/** Where a tag belongs: see tagPlace(). */
export const PLACE_BODY = 0;
export const PLACE_HEADER = 1;
export const PLACE_TRAILER = 2;
export const PLACE_SESSION_OWNED = 3;

const place = new Uint8Array(TABLE_SIZE);
for (const tag of STANDARD_HEADER_TAGS) place[tag] = PLACE_HEADER;
for (const tag of STANDARD_TRAILER_TAGS) place[tag] = PLACE_TRAILER;
for (const tag of SESSION_OWNED_TAGS) place[tag] = PLACE_SESSION_OWNED;

/** PLACE_HEADER, PLACE_TRAILER, PLACE_SESSION_OWNED (a header tag the session writes) or PLACE_BODY. */
export function tagPlace(tag: number): number {
  return tag < TABLE_SIZE ? place[tag]! : PLACE_BODY;
}
