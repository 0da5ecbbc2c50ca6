import { FixMessage } from '../FixMessage';
import type { FixView } from '../FixView';
import { Tag } from '../tags';
import { builder, type FieldSpec, readFields, reader, readGroup, requireFields, writeFields, writeGroup } from './fieldAccess';
import { INSTRUMENT, type InstrumentFields, OPTIONAL_INSTRUMENT } from './orders';

/** Market data messages: request (V), snapshot (W), incremental refresh (X), request reject (Y). */

export interface MarketDataRequest {
  mdReqID: string;
  subscriptionRequestType: string;
  /** 0 = full book, 1 = top of book, N = N levels. */
  marketDepth: number;
  mdUpdateType?: number;
  aggregatedBook?: boolean;
  /** NoMDEntryTypes (267): '0' bid, '1' offer, '2' trade, … */
  mdEntryTypes: string[];
  /** NoRelatedSym (146). */
  instruments: InstrumentFields[];
}

const MARKET_DATA_REQUEST: readonly FieldSpec<MarketDataRequest>[] = [
  { key: 'mdReqID', tag: Tag.MDReqID, required: true },
  { key: 'subscriptionRequestType', tag: Tag.SubscriptionRequestType, required: true },
  { key: 'marketDepth', tag: Tag.MarketDepth, kind: 'int', required: true },
  { key: 'mdUpdateType', tag: Tag.MDUpdateType, kind: 'int' },
  { key: 'aggregatedBook', tag: Tag.AggregatedBook, kind: 'flag' },
];

interface EntryType {
  mdEntryType: string;
}
const ENTRY_TYPE: readonly FieldSpec<EntryType>[] = [{ key: 'mdEntryType', tag: Tag.MDEntryType, required: true }];

export function buildMarketDataRequest(m: MarketDataRequest, msg = new FixMessage('V')): FixMessage {
  msg.clear('V');
  writeFields(msg, m, MARKET_DATA_REQUEST, true);
  writeGroup(msg, Tag.NoMDEntryTypes, m.mdEntryTypes.map((mdEntryType) => ({ mdEntryType })), ENTRY_TYPE, true);
  writeGroup(msg, Tag.NoRelatedSym, m.instruments, INSTRUMENT, true);
  return msg;
}

export function readMarketDataRequest(view: FixView): MarketDataRequest {
  return {
    ...readFields(view, MARKET_DATA_REQUEST),
    mdEntryTypes: readGroup(view, Tag.NoMDEntryTypes, ENTRY_TYPE).map((e) => e.mdEntryType),
    instruments: readGroup(view, Tag.NoRelatedSym, INSTRUMENT),
  };
}

/** One MDFullGrp entry of a snapshot. */
export interface MDEntry {
  mdEntryType: string;
  mdEntryPx?: string;
  currency?: string;
  mdEntrySize?: string;
  mdEntryDate?: string;
  mdEntryTime?: string;
  numberOfOrders?: number;
  mdEntryPositionNo?: number;
}

const MD_ENTRY: readonly FieldSpec<MDEntry>[] = [
  { key: 'mdEntryType', tag: Tag.MDEntryType, required: true },
  { key: 'mdEntryPx', tag: Tag.MDEntryPx },
  { key: 'currency', tag: Tag.Currency },
  { key: 'mdEntrySize', tag: Tag.MDEntrySize },
  { key: 'mdEntryDate', tag: Tag.MDEntryDate },
  { key: 'mdEntryTime', tag: Tag.MDEntryTime },
  { key: 'numberOfOrders', tag: Tag.NumberOfOrders, kind: 'int' },
  { key: 'mdEntryPositionNo', tag: Tag.MDEntryPositionNo, kind: 'int' },
];

export interface MarketDataSnapshotFullRefresh extends InstrumentFields {
  mdReqID?: string;
  /** RptSeq (83): the instrument's market-data sequence number, to detect gaps. */
  rptSeq?: number;
  /** NoMDEntries (268). */
  entries: MDEntry[];
}

const SNAPSHOT_HEAD: readonly FieldSpec<MarketDataSnapshotFullRefresh>[] = [
  { key: 'mdReqID', tag: Tag.MDReqID },
  ...(INSTRUMENT as readonly FieldSpec<MarketDataSnapshotFullRefresh>[]),
  { key: 'rptSeq', tag: Tag.RptSeq, kind: 'int' },
];

export function buildMarketDataSnapshotFullRefresh(m: MarketDataSnapshotFullRefresh, msg = new FixMessage('W')): FixMessage {
  msg.clear('W');
  writeFields(msg, m, SNAPSHOT_HEAD, true);
  msg.set(Tag.NoMDEntries, m.entries.length);
  for (const entry of m.entries) writeFields(msg, entry, MD_ENTRY, true);
  return msg;
}

export function readMarketDataSnapshotFullRefresh(view: FixView): MarketDataSnapshotFullRefresh {
  const head = readHeadBeforeGroup(view, SNAPSHOT_HEAD, Tag.NoMDEntries);
  return { ...head, entries: readGroup(view, Tag.NoMDEntries, MD_ENTRY) };
}

/** One MDIncGrp entry of an incremental refresh: what changed, where. */
export interface MDIncEntry extends Partial<InstrumentFields> {
  mdUpdateAction: string;
  mdEntryType?: string;
  mdEntryID?: string;
  mdEntryPx?: string;
  currency?: string;
  mdEntrySize?: string;
  mdEntryDate?: string;
  mdEntryTime?: string;
  numberOfOrders?: number;
  mdEntryPositionNo?: number;
  rptSeq?: number;
}

const MD_INC_ENTRY: readonly FieldSpec<MDIncEntry>[] = [
  { key: 'mdUpdateAction', tag: Tag.MDUpdateAction, required: true },
  { key: 'mdEntryType', tag: Tag.MDEntryType },
  { key: 'mdEntryID', tag: Tag.MDEntryID },
  ...(OPTIONAL_INSTRUMENT as readonly FieldSpec<MDIncEntry>[]),
  { key: 'mdEntryPx', tag: Tag.MDEntryPx },
  { key: 'currency', tag: Tag.Currency },
  { key: 'mdEntrySize', tag: Tag.MDEntrySize },
  { key: 'mdEntryDate', tag: Tag.MDEntryDate },
  { key: 'mdEntryTime', tag: Tag.MDEntryTime },
  { key: 'numberOfOrders', tag: Tag.NumberOfOrders, kind: 'int' },
  { key: 'mdEntryPositionNo', tag: Tag.MDEntryPositionNo, kind: 'int' },
  { key: 'rptSeq', tag: Tag.RptSeq, kind: 'int' },
];

export interface MarketDataIncrementalRefresh {
  mdReqID?: string;
  /** NoMDEntries (268). */
  entries: MDIncEntry[];
}

const INCREMENTAL_HEAD: readonly FieldSpec<MarketDataIncrementalRefresh>[] = [{ key: 'mdReqID', tag: Tag.MDReqID }];

export function buildMarketDataIncrementalRefresh(m: MarketDataIncrementalRefresh, msg = new FixMessage('X')): FixMessage {
  msg.clear('X');
  writeFields(msg, m, INCREMENTAL_HEAD, true);
  msg.set(Tag.NoMDEntries, m.entries.length);
  for (const entry of m.entries) writeFields(msg, entry, MD_INC_ENTRY, true);
  return msg;
}

export function readMarketDataIncrementalRefresh(view: FixView): MarketDataIncrementalRefresh {
  return { ...readFields(view, INCREMENTAL_HEAD), entries: readGroup(view, Tag.NoMDEntries, MD_INC_ENTRY) };
}

export interface MarketDataRequestReject {
  mdReqID: string;
  mdReqRejReason?: string;
  text?: string;
}

const MARKET_DATA_REQUEST_REJECT: readonly FieldSpec<MarketDataRequestReject>[] = [
  { key: 'mdReqID', tag: Tag.MDReqID, required: true },
  { key: 'mdReqRejReason', tag: Tag.MDReqRejReason },
  { key: 'text', tag: Tag.Text },
];

export const buildMarketDataRequestReject = builder('Y', MARKET_DATA_REQUEST_REJECT);
export const readMarketDataRequestReject: (view: FixView) => MarketDataRequestReject = reader(MARKET_DATA_REQUEST_REJECT);

/** Reads top-level fields that come before a group (so a group entry's 55 is not taken for the message's). */
function readHeadBeforeGroup<T extends object>(view: FixView, specs: readonly FieldSpec<T>[], countTag: number): T {
  const c = view.indexOf(countTag);
  const out: Record<string, unknown> = {};
  for (const spec of specs) {
    const i = view.indexOf(spec.tag);
    if (i < 0 || (c >= 0 && i > c)) continue;
    const value = spec.kind === 'int' ? view.intAt(i) : view.valueAt(i);
    if (value !== undefined) out[spec.key] = value;
  }
  requireFields(view, specs, out);
  return out as T;
}
