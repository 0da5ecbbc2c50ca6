import { FixMessage, Tag, type FixView } from '../../src-shared/fix/codec';
import { BusinessReject, SessionReject, type FixApplication, type FixSession } from '../../src-shared/fix/session';
import { complianceId } from '../auth/algoLabel';
import { canSeeAccount, canSendOrders, canTradeAccount, canTradeExchange } from '../auth/entitlements';
import type { LogonAuthority, MasterLogonDecision } from '../auth/logon';
import type { Instrument, OrderBook } from '../exchange';
import type { DayOrder, Execution, RefusedOrder } from '../orders/DayOrder';
import type { CancelRejectReport, MarketEvent, OrderDesk, OrderDeskListener, OrderOwner } from '../orders/OrderDesk';
import type { GatewayStore } from '../store/GatewayStore';
import type { UserRecord } from '../store/records';
import { GatewaySession, GatewaySessions } from './GatewaySessions';
import { MarketDataFeed } from './MarketDataFeed';
import {
  OrderMessageError,
  readOrderIdentity,
  readOrdType,
  readQuantity,
  readTicks,
  readTimeInForce,
  writeCancelReject,
  writeExecutionReport,
  writeRefusal,
} from './orderMessages';

/** FIX BusinessRejectReason (380). */
const NotAuthorized = 6;
const UnsupportedMessageType = 3;
/** FIX SessionRejectReason (373). */
const RequiredTagMissing = 1;
const ValueIsIncorrect = 5;

/**
 * The gateway's FIX front end (SPEC §2, T4 multi-trader mode): master logons decided against
 * the store, Trader Logon/Logout under a session, every application message attributed to a
 * logged-on trader by SenderSubID (50), entitlements, orders through the order desk, drop
 * copies of every execution to every logged-on trader entitled to its account (57 names the
 * trader), status requests from the day's orders, market data and instrument discovery.
 */
export class GatewayApplication implements FixApplication, OrderDeskListener {
  readonly sessions = new GatewaySessions();
  private readonly grants = new WeakMap<FixSession, MasterLogonDecision>();
  private readonly feed: MarketDataFeed;
  private readonly report = new FixMessage('8');
  private statusSeq = 0;

  constructor(
    private readonly store: GatewayStore,
    private readonly authority: LogonAuthority,
    private readonly deskRef: () => OrderDesk,
    private readonly log: (line: string) => void = () => undefined,
  ) {
    this.feed = new MarketDataFeed({ find: (symbol, exchange) => this.findInstrument(symbol, exchange) });
  }

  /** Decides a master Logon before its session sees it (the password check is asynchronous). */
  async vetLogon(session: FixSession, logon: FixView): Promise<void> {
    const refMsgTypes: string[] = [];
    for (let i = 0; i < logon.fieldCount; i++) if (logon.tagAt(i) === Tag.RefMsgType) refMsgTypes.push(logon.valueAt(i));
    const decision = await this.authority.masterLogon({
      senderCompId: logon.get(Tag.SenderCompID) ?? '',
      targetCompId: logon.get(Tag.TargetCompID) ?? '',
      secureData: logon.get(Tag.SecureData),
      username: logon.get(Tag.Username),
      password: logon.get(Tag.Password),
      refMsgTypes,
    });
    this.grants.set(session, decision);
  }

  authorizeLogon(_logon: FixView, session: FixSession): string | undefined {
    const decision = this.grants.get(session);
    if (!decision) return 'Logon was not authenticated';
    return decision.accepted ? undefined : decision.reason;
  }

  toAdmin(message: FixMessage, session: FixSession): void {
    const decision = this.grants.get(session);
    if (message.msgType === 'A' && decision?.accepted) message.set(Tag.Username, decision.user.username);
  }

  onLogon(session: FixSession): void {
    const decision = this.grants.get(session);
    if (!decision?.accepted) return;
    const grant = {
      firm: decision.firm,
      application: decision.application,
      master: decision.user.username,
      multiTrader: decision.multiTrader,
      chart: decision.chart,
    };
    this.sessions.add(new GatewaySession(session, grant));
    this.log(`${session.id}: ${grant.master} logged on (${grant.firm}/${grant.application}${grant.multiTrader ? ', multi-trader' : ''})`);
  }

  onLogout(session: FixSession, reason: string): void {
    const ended = this.sessions.remove(session);
    this.feed.dropSession(session);
    this.grants.delete(session);
    if (ended) this.log(`${session.id}: logged out, with every trader (${[...ended.traders()].join(', ')}): ${reason}`);
  }

  fromApp(view: FixView, fix: FixSession): void {
    const session = this.sessions.of(fix);
    if (!session) throw new SessionReject(ValueIsIncorrect, undefined, 'Session is not logged on');
    switch (view.msgType) {
      case 'UCG':
        void this.traderLogon(view, session);
        return;
      case 'UCI':
        this.traderLogout(view, session);
        return;
    }
    const trader = this.traderOf(view, session);
    switch (view.msgType) {
      case 'D':
        return this.newOrder(view, session, trader);
      case 'F':
      case 'G':
        return this.amendOrder(view, session, trader);
      case 'H':
        return this.orderStatus(view, session, trader);
      case 'AF':
        return this.massStatus(view, session, trader);
      case 'V':
        return this.feed.request(view, fix, trader);
      case 'x':
        return this.securityList(view, session, trader);
      case 'g':
        return this.tradingSessionStatus(view, session, trader);
      default:
        throw new BusinessReject(UnsupportedMessageType, undefined, `Unsupported Message Type ${view.msgType}`);
    }
  }

  // ---- order desk events ------------------------------------------------------------------

  execution(order: DayOrder, execution: Execution): void {
    const instrument = this.deskRef().instrument(order.exchange, order.symbol);
    if (!instrument) return;
    writeExecutionReport(this.report, order, execution, instrument);
    this.dropCopy(order.firm, order.account, this.report);
  }

  refused(refused: RefusedOrder): void {
    writeRefusal(this.report, refused);
    this.dropCopy(refused.firm, refused.account, this.report);
  }

  cancelRejected(report: CancelRejectReport): void {
    const session = this.sessions.sessionOfTrader(report.owner.firm, report.owner.trader);
    if (!session) return;
    const msg = writeCancelReject(new FixMessage('9'), report).set(Tag.TargetSubID, report.owner.trader);
    session.fix.send(msg);
  }

  market(exchange: string, event: MarketEvent): void {
    if (event.kind === 'session') {
      const msg = new FixMessage('h').set(Tag.TradingSessionID, exchange).set(Tag.TradSesStatus, event.status === 'open' ? 2 : 3);
      for (const session of this.sessions.all()) session.fix.send(msg);
      return;
    }
    this.feed.add(exchange, event);
  }

  commandDone(): void {
    this.feed.flush();
  }

  // ---- traders ------------------------------------------------------------------------------

  private async traderLogon(view: FixView, session: GatewaySession): Promise<void> {
    const username = view.get(Tag.Username) ?? '';
    const respond = (name: string, text: string): void => {
      const msg = new FixMessage('UCH').set(Tag.Username, name).set(Tag.Text, text).set(Tag.TargetSubID, name);
      if (session.fix.isLoggedOn) session.fix.send(msg);
    };
    const already = this.sessions.sessionOfTrader(session.grant.firm, username);
    if (already) {
      respond(username, `Trader ${username} is already logged on`);
      return;
    }
    const decision = await this.authority.traderLogon(
      { secureData: view.get(Tag.SecureData), username, password: view.get(Tag.Password), clientId: view.get(Tag.ClientID) },
      session.grant,
    );
    if (!decision.accepted) {
      this.log(`${session.fix.id}: trader logon ${username} refused: ${decision.reason}`);
      respond(username, decision.reason);
      return;
    }
    if (this.sessions.sessionOfTrader(session.grant.firm, decision.user.username)) {
      respond(decision.user.username, `Trader ${decision.user.username} is already logged on`);
      return;
    }
    session.logOnTrader(decision.user.username);
    this.log(`${session.fix.id}: trader ${decision.user.username} logged on`);
    respond(decision.user.username, 'Success');
  }

  private traderLogout(view: FixView, session: GatewaySession): void {
    const username = view.get(Tag.Username) ?? '';
    const known = session.trader(username);
    const text = known === undefined ? `Trader ${username} is not logged on` : session.logOutTrader(known) ? 'Logged out' : 'The master user logs out with a FIX Logout (35=5)';
    session.fix.send(new FixMessage('UCI').set(Tag.Username, known ?? username).set(Tag.Text, text).set(Tag.TargetSubID, known ?? username));
  }

  /** The logged-on trader an application message comes from (SenderSubID, 50). */
  private traderOf(view: FixView, session: GatewaySession): string {
    const named = view.get(Tag.SenderSubID);
    if (named === undefined || named.length === 0) {
      throw new SessionReject(RequiredTagMissing, Tag.SenderSubID, 'SenderSubID (50) is required: it names the trader the message is from');
    }
    const trader = session.trader(named);
    if (trader === undefined) throw new SessionReject(ValueIsIncorrect, Tag.SenderSubID, `Trader ${named} is not logged on`);
    return trader;
  }

  private user(session: GatewaySession, trader: string): UserRecord {
    const user = this.store.user(session.grant.firm, trader);
    if (!user) throw new BusinessReject(NotAuthorized, Tag.SenderSubID, `User ${trader} no longer exists`);
    return user;
  }

  // ---- orders --------------------------------------------------------------------------------

  private newOrder(view: FixView, session: GatewaySession, trader: string): void {
    const user = this.user(session, trader);
    let identity;
    try {
      identity = readOrderIdentity(view);
    } catch (error) {
      throw new BusinessReject(5, (error as OrderMessageError).refTagID, (error as Error).message);
    }
    const account = identity.account ?? (user.accounts.length === 1 ? user.accounts[0]! : '');
    const owner: OrderOwner = { firm: session.grant.firm, account, trader };
    const refuse = (text: string, ordRejReason = 99): void => {
      const msg = writeRefusal(new FixMessage('8'), {
        ...owner,
        clOrdId: identity.clOrdId,
        symbol: identity.symbol,
        exchange: identity.exchange,
        side: identity.side,
        quantity: Number.parseInt(view.get(Tag.OrderQty) ?? '0', 10) || 0,
        execId: `R${Date.now().toString(36)}-${++this.statusSeq}`,
        time: Date.now(),
        text,
        ordRejReason,
      });
      session.fix.send(msg.set(Tag.TargetSubID, trader));
    };
    const may = canSendOrders(user);
    if (!may.allowed) return refuse(may.reason, 99);
    if (account === '') return refuse('Account (1) is required: the user has several accounts');
    const mayAccount = canTradeAccount(user, account);
    if (!mayAccount.allowed) return refuse(mayAccount.reason);
    const match = this.findInstrument(identity.symbol, identity.exchange);
    if (!match) return refuse(`Unknown instrument ${identity.symbol}${identity.exchange ? ` on ${identity.exchange}` : ''}`, 1);
    const { instrument, book } = match;
    const mayExchange = canTradeExchange(user, instrument.exchange);
    if (!mayExchange.allowed) return refuse(mayExchange.reason);
    let fields;
    try {
      fields = {
        type: readOrdType(view),
        tif: readTimeInForce(view),
        quantity: readQuantity(view),
        price: readTicks(view, Tag.Price, 'Price', instrument),
        stopPrice: readTicks(view, Tag.StopPx, 'StopPx', instrument),
      };
    } catch (error) {
      return refuse((error as Error).message);
    }
    const risk = this.riskCheck(owner, instrument, book, identity.side, fields.quantity, fields.price);
    if (risk !== undefined) return refuse(risk, 3);
    const exchangeRecord = this.store.exchange(instrument.exchange);
    const fft3Text = view.get(Tag.FFT3);
    let label: { complianceId: bigint | undefined } = { complianceId: undefined };
    if (fft3Text !== undefined && exchangeRecord) {
      const labeled = complianceId(fft3Text, user.operatorId, exchangeRecord);
      if (!labeled.ok) return refuse(labeled.reason);
      label = labeled;
    }
    this.deskRef().submit(owner, {
      clOrdId: identity.clOrdId,
      exchange: instrument.exchange,
      symbol: instrument.symbol,
      side: identity.side,
      ...fields,
      ...(fft3Text === undefined ? {} : { fft3: Number(fft3Text) }),
      ...(label.complianceId === undefined ? {} : { complianceId: label.complianceId }),
    });
  }

  private riskCheck(owner: OrderOwner, instrument: Instrument, book: OrderBook, side: 'buy' | 'sell', quantity: number, price: number | undefined): string | undefined {
    const limits = this.store.riskLimits(owner.firm, owner.account);
    if (!limits) return undefined;
    if (limits.maxOrderQty !== null && quantity > limits.maxOrderQty) {
      return `Order quantity ${quantity} exceeds account ${owner.account}'s limit of ${limits.maxOrderQty}`;
    }
    if (limits.maxPosition !== null) {
      const position = this.deskRef().position(owner.account, instrument.exchange, instrument.symbol);
      const worst = Math.abs(position + (side === 'buy' ? quantity : -quantity));
      if (worst > limits.maxPosition) return `Position would reach ${worst}, above account ${owner.account}'s limit of ${limits.maxPosition}`;
    }
    if (limits.priceBandTicks !== null && price !== undefined) {
      const reference = book.lastTradePrice ?? (side === 'buy' ? book.bestAsk() : book.bestBid());
      if (reference !== undefined && Math.abs(price - reference) > limits.priceBandTicks) {
        return `Price ${instrument.priceOf(price)} is more than ${limits.priceBandTicks} ticks from the market (${instrument.priceOf(reference)})`;
      }
    }
    return undefined;
  }

  private amendOrder(view: FixView, session: GatewaySession, trader: string): void {
    const user = this.user(session, trader);
    const clOrdId = view.get(Tag.ClOrdID) ?? '';
    const origClOrdId = view.get(Tag.OrigClOrdID) ?? '';
    const order = this.deskRef().orderByClOrdId(session.grant.firm, origClOrdId);
    const account = view.get(Tag.Account) ?? order?.account ?? '';
    const owner: OrderOwner = { firm: session.grant.firm, account, trader };
    const request = view.msgType === 'F' ? 'cancel' : 'replace';
    const rejectNow = (text: string, reason = 99): void =>
      this.cancelRejected({ owner, orderId: order?.orderId ?? 'NONE', clOrdId, origClOrdId, ordStatus: order?.status ?? '8', request, reason, text });
    const may = canTradeAccount(user, account);
    if (!may.allowed) return rejectNow(may.reason);
    if (request === 'cancel') {
      this.deskRef().cancel(owner, { clOrdId, origClOrdId });
      return;
    }
    if (!order) return rejectNow(`Unknown order ${origClOrdId}`, 1);
    const instrument = this.deskRef().instrument(order.exchange, order.symbol)!;
    const book = this.deskRef().exchange(order.exchange)!.book(order.symbol)!;
    try {
      const quantity = readQuantity(view);
      const price = readTicks(view, Tag.Price, 'Price', instrument);
      // A replace is held to the same limits as a new order: what it may become, not what it adds.
      const risk = this.riskCheck(owner, instrument, book, order.side, Math.max(0, quantity - order.filled), price);
      if (risk !== undefined) return rejectNow(risk);
      this.deskRef().replace(owner, {
        clOrdId,
        origClOrdId,
        quantity,
        ...optional('price', price),
        ...optional('stopPrice', readTicks(view, Tag.StopPx, 'StopPx', instrument)),
      });
    } catch (error) {
      if (error instanceof OrderMessageError) rejectNow(error.message);
      else throw error;
    }
  }

  private orderStatus(view: FixView, session: GatewaySession, trader: string): void {
    const user = this.user(session, trader);
    const clOrdId = view.get(Tag.ClOrdID) ?? '';
    const order = this.deskRef().orderByClOrdId(session.grant.firm, clOrdId);
    if (!order || !canSeeAccount(user, session.grant.firm, order.account)) {
      const msg = new FixMessage('8').set(Tag.OrderID, 'NONE').set(Tag.ClOrdID, clOrdId).set(Tag.ExecID, this.statusExecId());
      // Symbol is required in an ExecutionReport's Instrument: the request's, else FIX's "[N/A]".
      msg.set(Tag.ExecType, 'I').set(Tag.OrdStatus, '8').set(Tag.Symbol, view.get(Tag.Symbol) ?? '[N/A]').set(Tag.Side, view.get(Tag.Side) ?? '1');
      msg.set(Tag.LeavesQty, 0).set(Tag.CumQty, 0).set(Tag.AvgPx, 0);
      msg.set(Tag.Text, `Unknown order ${clOrdId}`).set(Tag.TargetSubID, trader);
      session.fix.send(msg);
      return;
    }
    session.fix.send(this.statusReport(order, trader));
  }

  private massStatus(view: FixView, session: GatewaySession, trader: string): void {
    const user = this.user(session, trader);
    const requestId = view.get(Tag.MassStatusReqID) ?? '';
    const onlyAccount = view.get(Tag.Account);
    const orders = [...this.deskRef().dayOrders()].filter(
      (order) => order.firm === session.grant.firm && canSeeAccount(user, order.firm, order.account) && (onlyAccount === undefined || order.account === onlyAccount),
    );
    if (orders.length === 0) {
      const msg = new FixMessage('8').set(Tag.OrderID, 'NONE').set(Tag.ExecID, this.statusExecId()).set(Tag.ExecType, 'I').set(Tag.OrdStatus, '8');
      msg.set(Tag.Symbol, '[N/A]').set(Tag.Side, '1').set(Tag.LeavesQty, 0).set(Tag.CumQty, 0).set(Tag.AvgPx, 0).set(Tag.MassStatusReqID, requestId);
      msg.set(TotNumReports, 0).set(LastRptRequested, 'Y').set(Tag.Text, 'No orders today').set(Tag.TargetSubID, trader);
      session.fix.send(msg);
      return;
    }
    orders.forEach((order, i) => {
      const msg = this.statusReport(order, trader).set(Tag.MassStatusReqID, requestId).set(TotNumReports, orders.length);
      if (i === orders.length - 1) msg.set(LastRptRequested, 'Y');
      session.fix.send(msg);
    });
  }

  private statusReport(order: DayOrder, trader: string): FixMessage {
    const instrument = this.deskRef().instrument(order.exchange, order.symbol)!;
    const msg = writeExecutionReport(new FixMessage('8'), order, { execId: this.statusExecId(), execType: 'I', time: order.updatedAt }, instrument);
    return msg.set(Tag.TargetSubID, trader);
  }

  private statusExecId(): string {
    return `S${Date.now().toString(36)}-${++this.statusSeq}`;
  }

  // ---- reference data ------------------------------------------------------------------------

  private securityList(view: FixView, session: GatewaySession, trader: string): void {
    const instruments = this.deskRef()
      .exchangeList()
      .flatMap((exchange) => exchange.instruments().map((instrument) => ({ exchange, instrument })));
    const msg = new FixMessage('y').set(Tag.SecurityReqID, view.get(Tag.SecurityReqID) ?? '').set(Tag.SecurityResponseID, `SL${++this.statusSeq}`);
    msg.set(Tag.SecurityRequestResult, 0).set(Tag.TotNoRelatedSym, instruments.length).set(Tag.LastFragment, 'Y');
    msg.set(Tag.NoRelatedSym, instruments.length);
    for (const { exchange, instrument } of instruments) {
      const d = instrument.definition;
      msg.add(Tag.Symbol, d.symbol).add(Tag.SecurityID, d.securityId).add(Tag.SecurityIDSource, '8');
      msg.add(ContractMultiplier, d.multiplier.includes('/') ? instrument.multiplier.toDecimalString() : d.multiplier);
      msg.add(MinPriceIncrement, instrument.tick.rationalOf(1).toDecimalString()).add(Tag.SecurityExchange, exchange.name);
      msg.add(SecurityDesc, d.description).add(Tag.Currency, d.currency);
      msg.add(Tag.Text, `${exchange.isOpen ? 'open' : 'closed'}; hours ${exchange.schedule.describe()}`);
    }
    session.fix.send(msg.set(Tag.TargetSubID, trader));
  }

  private tradingSessionStatus(view: FixView, session: GatewaySession, trader: string): void {
    const wanted = view.get(Tag.TradingSessionID);
    for (const exchange of this.deskRef().exchangeList()) {
      if (wanted !== undefined && wanted !== exchange.name) continue;
      const msg = new FixMessage('h').set(Tag.TradSesReqID, view.get(Tag.TradSesReqID) ?? '').set(Tag.TradingSessionID, exchange.name);
      msg.set(Tag.TradSesStatus, exchange.isOpen ? 2 : 3).set(Tag.Text, `hours ${exchange.schedule.describe()}`).set(Tag.TargetSubID, trader);
      session.fix.send(msg);
    }
  }

  // ---- routing -------------------------------------------------------------------------------

  /** Sends a report to every logged-on trader entitled to the account, 57 naming each one. */
  private dropCopy(firm: string, account: string, msg: FixMessage): void {
    for (const session of this.sessions.all()) {
      if (session.grant.firm !== firm) continue;
      for (const trader of session.traders()) {
        const user = this.store.user(firm, trader);
        if (!user || !canSeeAccount(user, firm, account)) continue;
        msg.set(Tag.TargetSubID, trader);
        session.fix.send(msg);
      }
    }
  }

  private findInstrument(symbol: string, exchange: string | undefined): { instrument: Instrument; book: OrderBook } | undefined {
    for (const venue of this.deskRef().exchangeList()) {
      if (exchange !== undefined && venue.name !== exchange) continue;
      const instrument = venue.instrument(symbol);
      if (instrument) return { instrument, book: venue.book(symbol)! };
    }
    return undefined;
  }
}

const TotNumReports = 911;
const LastRptRequested = 912;
const ContractMultiplier = 231;
const MinPriceIncrement = 969;
const SecurityDesc = 107;

function optional<K extends string>(key: K, value: number | undefined): { [P in K]?: number } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: number };
}
