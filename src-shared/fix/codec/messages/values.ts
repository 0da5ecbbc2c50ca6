/** FIX 4.4 enumerated values the product uses, by name. */

export const Side = { Buy: '1', Sell: '2', SellShort: '5' } as const;

export const OrdType = { Market: '1', Limit: '2', Stop: '3', StopLimit: '4' } as const;

export const TimeInForce = { Day: '0', GoodTillCancel: '1', ImmediateOrCancel: '3', FillOrKill: '4', GoodTillDate: '6' } as const;

export const ExecType = {
  New: '0',
  DoneForDay: '3',
  Canceled: '4',
  Replaced: '5',
  PendingCancel: '6',
  Rejected: '8',
  Suspended: '9',
  PendingNew: 'A',
  Expired: 'C',
  PendingReplace: 'E',
  Trade: 'F',
  OrderStatus: 'I',
} as const;

export const OrdStatus = {
  New: '0',
  PartiallyFilled: '1',
  Filled: '2',
  DoneForDay: '3',
  Canceled: '4',
  PendingCancel: '6',
  Rejected: '8',
  Suspended: '9',
  PendingNew: 'A',
  Expired: 'C',
  PendingReplace: 'E',
} as const;

export const CxlRejResponseTo = { OrderCancelRequest: '1', OrderCancelReplaceRequest: '2' } as const;

export const MDEntryType = { Bid: '0', Offer: '1', Trade: '2', OpeningPrice: '4', ClosingPrice: '5', SettlementPrice: '6', TradeVolume: 'B' } as const;

export const MDUpdateAction = { New: '0', Change: '1', Delete: '2' } as const;

export const SubscriptionRequestType = { Snapshot: '0', SnapshotAndUpdates: '1', Unsubscribe: '2' } as const;

export const MDUpdateType = { FullRefresh: 0, IncrementalRefresh: 1 } as const;

export const BusinessRejectReason = {
  Other: 0,
  UnknownID: 1,
  UnknownSecurity: 2,
  UnsupportedMessageType: 3,
  ApplicationNotAvailable: 4,
  ConditionallyRequiredFieldMissing: 5,
  NotAuthorized: 6,
} as const;

/** NoMsgTypes (384) RefMsgType (372) values T4 reads on the master Logon. */
export const T4RefMsgType = { EnableTraderLogons: 'UCG', ChartDataLogin: 'V', DisablePortfolioListing: 'd' } as const;
