// QuickFIX C++ initiator used as the counterparty of our acceptor (like QuickFIX's
// "tradeclient" example, minus the console): sends --count NewOrderSingles with ClOrdIDs
// <prefix>-1 … <prefix>-<count>, at most --in-flight of them awaiting their first report, and
// records every ExecutionReport so a test can count losses and duplicates. Only sends while
// logged on; QuickFIX reconnects by itself and FileStore lets it replay what the other side
// missed. With --cancel it asks to cancel each order once it is acknowledged.
// Against our gateway (T4-style API): --username/--password/--licence put UserName 553 and
// Password 554 in the Logon body and SecureData 91 (after SecureDataLen 90) in its header,
// --multi-trader asks for trader logons (NoMsgTypes 384=1, RefMsgType 372=UCG), and --sub-id puts
// SenderSubID 50 on every application message.
// Restart-safe (except with --bench): its outgoing store says which orders and cancels it has
// sent, and it journals every application message it receives before acting on it (deduplicated
// by ExecID), so a restarted tradeclient continues the same run.
//
// Output, one line per event: `logon ...`, `logout ...`, `sent clordid=<id> seq=<n>`,
// `exec clordid=<id> exectype=<c> ordstatus=<c> execid=<id> lastpx=<p> lastqty=<q> seq=<n>
// possdup=<Y|N> duplicate=<Y|N> targetsubid=<57|->`, `redelivered clordid=<id> execid=<id> seq=<n>` (a report already
// journalled, replayed after our crash), `cancel-reject ...`, `logout-message dir=<in|out> seq=<n>
// text="<58>"` (a Logout sent or received: a refused Logon's reason), the administrative events of peer.h,
// then `summary orders=<n> acked=<n> filled=<n> canceled=<n> rejected=<n> duplicates=<n>
// redelivered=<n> missing=<n>`.
// With --bench the per-message lines are left out and it prints
// `bench orders=<n> in-flight=<n> p50us=<x> p99us=<x> p999us=<x> maxus=<x> seconds=<x> orders-per-s=<x>`:
// the time from just before sending a NewOrderSingle to receiving its first ExecutionReport,
// measured with steady_clock on the QuickFIX thread (which also sends the next order);
// --latency-file writes each measured order's time (µs), one a line.
#include "peer.h"

#include <quickfix/FileLog.h>
#include <quickfix/FileStore.h>
#include <quickfix/Session.h>
#include <quickfix/SocketInitiator.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <memory>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

struct OrderTemplate {
  std::string prefix;
  std::string symbol;
  std::string side;
  std::string qty;
  std::string ordType;
  std::string price;
  std::string account;
};

// What the Logon carries besides the session's own fields; empty parts are left out.
struct LogonFields {
  std::string username;
  std::string password;
  std::string licence;
  bool multiTrader = false;
};

struct OrderState {
  bool firstReport = false;
  bool terminal = false;
  bool cancelSent = false;
  bool cancelAnswered = false;
  bool done = false;
  Clock::time_point sentAt;
};

class TradeClient : public FIX::Application {
public:
  TradeClient(peer::Events& events, OrderTemplate order, LogonFields logon, std::string subID, long count, long inFlight,
              bool cancel, long warmup)
      : events_(events), template_(std::move(order)), logon_(std::move(logon)), subID_(std::move(subID)), count_(count),
        inFlight_(inFlight), cancel_(cancel), warmup_(warmup), orders_(static_cast<size_t>(count) + 1) {}

  ~TradeClient() override {
    if (journal_ != nullptr) std::fclose(journal_);
  }

  void onCreate(const FIX::SessionID&) override {}

  // Picks up an earlier run: what the store says was sent, then what the journal says arrived.
  void recover(const FIX::SessionID& id, const std::string& journalPath) {
    std::lock_guard<std::mutex> guard(mutex_);
    long sent = 0;
    for (const FIX::Message& message : peer::sentMessages(id)) {
      const std::string type = peer::field(message.getHeader(), 35);
      if (type == "D") {
        const long index = indexOf(peer::field(message, 11));
        if (index == 0) continue;
        ++sent;
        ++awaitingFirst_;
        nextOrder_ = std::max(nextOrder_, index + 1);
      } else if (type == "F") {
        const long index = indexOf(peer::field(message, 41));
        if (index != 0) orders_[static_cast<size_t>(index)].cancelSent = true;
      }
    }
    long received = 0;
    if (FILE* in = std::fopen(journalPath.c_str(), "r")) {
      replaying_ = true;
      std::string line;
      for (int c = std::fgetc(in); c != EOF; c = std::fgetc(in)) {
        if (c != '\n') { line.push_back(static_cast<char>(c)); continue; }
        handle(FIX::Message(line, false), Clock::now());
        ++received;
        line.clear();
      }
      replaying_ = false;
      std::fclose(in);
    }
    journal_ = std::fopen(journalPath.c_str(), "a");
    if (journal_ == nullptr) throw FIX::ConfigError("cannot open " + journalPath);
    events_.session("recovered sent=" + std::to_string(sent) + " received=" + std::to_string(received) +
                    " done=" + std::to_string(terminalCount_));
  }

  void onLogon(const FIX::SessionID& id) override {
    FIX::Session* session = FIX::Session::lookupSession(id);
    events_.session("logon session=" + id.toString() + " next-out=" + std::to_string(session->getExpectedSenderNum()) +
                    " next-in=" + std::to_string(session->getExpectedTargetNum()));
    std::lock_guard<std::mutex> guard(mutex_);
    loggedOn_ = true;
    pump(id);
  }

  void onLogout(const FIX::SessionID& id) override {
    events_.session("logout session=" + id.toString());
    std::lock_guard<std::mutex> guard(mutex_);
    loggedOn_ = false;
    loggedOut_.notify_all();
  }

  void toAdmin(FIX::Message& message, const FIX::SessionID&) override {
    if (peer::field(message.getHeader(), 35) == "A") addLogonFields(message);
    peer::reportAdmin(events_, "out", message);
    reportLogout("out", message);
  }

  // Every application message names its trader, replays included (they go through here too).
  void toApp(FIX::Message& message, const FIX::SessionID&) throw(FIX::DoNotSend) override {
    if (!subID_.empty()) message.getHeader().setField(50, subID_);
  }

  void fromAdmin(const FIX::Message& message, const FIX::SessionID&)
      throw(FIX::FieldNotFound, FIX::IncorrectDataFormat, FIX::IncorrectTagValue, FIX::RejectLogon) override {
    peer::reportAdmin(events_, "in", message);
    reportLogout("in", message);
  }

  void fromApp(const FIX::Message& message, const FIX::SessionID& id)
      throw(FIX::FieldNotFound, FIX::IncorrectDataFormat, FIX::IncorrectTagValue, FIX::UnsupportedMessageType) override {
    const Clock::time_point now = Clock::now();
    const std::string type = peer::field(message.getHeader(), 35);
    if (type != "8" && type != "9") throw FIX::UnsupportedMessageType();
    std::lock_guard<std::mutex> guard(mutex_);
    // Journal first: a crash after this line re-delivers the message, and ExecIDs dedupe it.
    if (journal_ != nullptr) {
      const std::string text = message.toString();
      std::fwrite(text.data(), 1, text.size(), journal_);
      std::fputc('\n', journal_);
      std::fflush(journal_);
    }
    handle(message, now);
    pump(id);
    if (terminalCount_ == count_) finished_.notify_all();
  }

  // Waits until every order is terminal or the deadline passes; true when all are.
  bool waitUntilDone(Clock::time_point deadline) {
    std::unique_lock<std::mutex> lock(mutex_);
    return finished_.wait_until(lock, deadline, [this] { return terminalCount_ == count_; });
  }

  bool waitForLogout(Clock::time_point deadline) {
    std::unique_lock<std::mutex> lock(mutex_);
    return loggedOut_.wait_until(lock, deadline, [this] { return !loggedOn_; });
  }

  void printSummary() {
    std::lock_guard<std::mutex> guard(mutex_);
    events_.session("summary orders=" + std::to_string(count_) + " acked=" + std::to_string(acked_) +
                    " filled=" + std::to_string(filled_) + " canceled=" + std::to_string(canceled_) +
                    " rejected=" + std::to_string(rejected_) + " duplicates=" + std::to_string(duplicates_) +
                    " redelivered=" + std::to_string(redelivered_) +
                    " missing=" + std::to_string(count_ - terminalCount_));
  }

  void printBench(const std::string& latencyFile) {
    std::lock_guard<std::mutex> guard(mutex_);
    if (!latencyFile.empty()) {
      FILE* out = std::fopen(latencyFile.c_str(), "w");
      if (out == nullptr) throw FIX::ConfigError("cannot write " + latencyFile);
      for (double us : latenciesUs_) std::fprintf(out, "%.3f\n", us);
      std::fclose(out);
    }
    std::vector<double> sorted = latenciesUs_;
    std::sort(sorted.begin(), sorted.end());
    const double seconds = std::chrono::duration<double>(lastTerminal_ - firstMeasuredSend_).count();
    char line[320];
    std::snprintf(line, sizeof line,
                  "bench orders=%zu in-flight=%ld p50us=%.1f p99us=%.1f p999us=%.1f maxus=%.1f seconds=%.6f orders-per-s=%.0f",
                  sorted.size(), inFlight_, rank(sorted, 0.50), rank(sorted, 0.99), rank(sorted, 0.999),
                  sorted.empty() ? 0.0 : sorted.back(), seconds, seconds > 0 ? static_cast<double>(sorted.size()) / seconds : 0.0);
    events_.session(line);
  }

private:
  // Nearest-rank percentile: the smallest sample with at least p of the samples at or below it.
  static double rank(const std::vector<double>& sorted, double p) {
    if (sorted.empty()) return 0;
    size_t index = static_cast<size_t>(std::ceil(p * static_cast<double>(sorted.size())));
    return sorted[std::max<size_t>(index, 1) - 1];
  }

  void addLogonFields(FIX::Message& logon) const {
    if (!logon_.licence.empty()) {
      // QuickFIX does not fill in a data field's length: SecureDataLen 90 goes in by hand.
      logon.getHeader().setField(90, std::to_string(logon_.licence.size()));
      logon.getHeader().setField(91, logon_.licence);
    }
    if (!logon_.username.empty()) logon.setField(553, logon_.username);
    if (!logon_.password.empty()) logon.setField(554, logon_.password);
    if (logon_.multiTrader) {
      FIX::Group types(384, 372);
      types.setField(372, "UCG");
      logon.addGroup(types);
    }
  }

  void reportLogout(const char* direction, const FIX::Message& message) {
    if (peer::field(message.getHeader(), 35) != "5") return;
    events_.session(std::string("logout-message dir=") + direction + " seq=" + peer::field(message.getHeader(), 34) +
                    " text=\"" + peer::field(message, 58, "") + "\"");
  }

  long indexOf(const std::string& clOrdID) const {
    const std::string expected = template_.prefix + "-";
    if (clOrdID.compare(0, expected.size(), expected) != 0) return 0;
    char* end = nullptr;
    long index = std::strtol(clOrdID.c_str() + expected.size(), &end, 10);
    return *end == '\0' && index >= 1 && index <= count_ ? index : 0;
  }

  void handle(const FIX::Message& message, Clock::time_point now) {
    if (peer::field(message.getHeader(), 35) == "8") {
      onExecutionReport(message, now);
    } else {
      onCancelReject(message);
    }
  }

  void pump(const FIX::SessionID& id) {
    if (!loggedOn_) return;
    for (long index : pendingCancels_) sendCancel(id, index);
    pendingCancels_.clear();
    while (nextOrder_ <= count_ && (inFlight_ == 0 || awaitingFirst_ < inFlight_)) sendOrder(id, nextOrder_++);
  }

  void report(const std::string& line) {
    if (!replaying_) events_.message(line);
  }

  void sendOrder(const FIX::SessionID& id, long index) {
    const std::string clOrdID = template_.prefix + "-" + std::to_string(index);
    FIX::Message order;
    order.getHeader().setField(35, "D");
    order.setField(11, clOrdID);
    if (!template_.account.empty()) order.setField(1, template_.account);
    order.setField(55, template_.symbol);
    order.setField(54, template_.side);
    order.setField(60, FIX::UtcTimeStampConvertor::convert(FIX::UtcTimeStamp(), 3));
    order.setField(38, template_.qty);
    order.setField(40, template_.ordType);
    if (template_.ordType == "2") order.setField(44, template_.price);
    OrderState& state = orders_[static_cast<size_t>(index)];
    ++awaitingFirst_;
    state.sentAt = Clock::now();
    if (index == warmup_ + 1) firstMeasuredSend_ = state.sentAt;
    FIX::Session::sendToTarget(order, id);
    events_.message("sent clordid=" + clOrdID + " seq=" + peer::field(order.getHeader(), 34));
  }

  void onExecutionReport(const FIX::Message& message, Clock::time_point now) {
    const std::string clOrdID = peer::field(message, 11);
    const std::string execID = peer::field(message, 17);
    const std::string execType = peer::field(message, 150);
    const std::string ordStatus = peer::field(message, 39);
    const bool known = !execIDs_.insert(execID).second;
    // A known ExecID replayed with PossDupFlag=Y is our own crash's re-delivery (the journal
    // had it, the session's sequence number had not been saved yet): recognised, not acted on.
    // Under a new MsgSeqNum it is the counterparty reporting the same execution twice.
    if (known && peer::possDup(message) == "Y") {
      ++redelivered_;
      report("redelivered clordid=" + clOrdID + " execid=" + execID + " seq=" + peer::field(message.getHeader(), 34));
      return;
    }
    report("exec clordid=" + clOrdID + " exectype=" + execType + " ordstatus=" + ordStatus + " execid=" + execID +
           " lastpx=" + peer::field(message, 31) + " lastqty=" + peer::field(message, 32) +
           " seq=" + peer::field(message.getHeader(), 34) + " possdup=" + peer::possDup(message) +
           " duplicate=" + (known ? "Y" : "N") + " targetsubid=" + peer::field(message.getHeader(), 57));
    if (known) {
      ++duplicates_;
      return;
    }
    // A cancel's report carries the cancel's ClOrdID and the order's in OrigClOrdID.
    const long index = indexOf(execType == "4" ? peer::field(message, 41) : clOrdID);
    if (index == 0) return;
    OrderState& state = orders_[static_cast<size_t>(index)];
    if (!state.firstReport) {
      state.firstReport = true;
      --awaitingFirst_;
      if (index > warmup_ && !replaying_) latenciesUs_.push_back(std::chrono::duration<double, std::micro>(now - state.sentAt).count());
    }
    if (execType == "0") {
      ++acked_;
      if (cancel_ && !state.cancelSent) {
        state.cancelSent = true;
        pendingCancels_.push_back(index);
      }
    } else if (execType == "F" && ordStatus == "2") {
      ++filled_;
      state.terminal = true;
    } else if (execType == "4") {
      ++canceled_;
      state.terminal = true;
      state.cancelAnswered = true;
    } else if (execType == "8") {
      ++rejected_;
      state.terminal = true;
    }
    settle(state, index);
  }

  void onCancelReject(const FIX::Message& message) {
    const std::string origClOrdID = peer::field(message, 41);
    report("cancel-reject clordid=" + peer::field(message, 11) + " origclordid=" + origClOrdID +
                    " reason=" + peer::field(message, 102) + " seq=" + peer::field(message.getHeader(), 34) +
                    " possdup=" + peer::possDup(message));
    const long index = indexOf(origClOrdID);
    if (index == 0) return;
    OrderState& state = orders_[static_cast<size_t>(index)];
    state.cancelAnswered = true;
    settle(state, index);
  }

  void sendCancel(const FIX::SessionID& id, long index) {
    const std::string clOrdID = template_.prefix + "-" + std::to_string(index);
    FIX::Message cancel;
    cancel.getHeader().setField(35, "F");
    cancel.setField(41, clOrdID);
    cancel.setField(11, clOrdID + "-C");
    cancel.setField(55, template_.symbol);
    cancel.setField(54, template_.side);
    cancel.setField(60, FIX::UtcTimeStampConvertor::convert(FIX::UtcTimeStamp(), 3));
    cancel.setField(38, template_.qty);
    FIX::Session::sendToTarget(cancel, id);
  }

  // An order is done once it is terminal and, if we asked to cancel it, the cancel is answered.
  void settle(OrderState& state, long index) {
    if (!state.done && state.terminal && (!state.cancelSent || state.cancelAnswered)) {
      state.done = true;
      ++terminalCount_;
      if (index > warmup_) lastTerminal_ = Clock::now();
    }
  }

  peer::Events& events_;
  const OrderTemplate template_;
  const LogonFields logon_;
  const std::string subID_;
  const long count_;
  const long inFlight_;
  const bool cancel_;
  const long warmup_;
  std::mutex mutex_;
  std::condition_variable finished_;
  std::condition_variable loggedOut_;
  bool loggedOn_ = false;
  bool replaying_ = false;
  FILE* journal_ = nullptr;
  std::vector<long> pendingCancels_;
  long nextOrder_ = 1;
  long awaitingFirst_ = 0;
  long terminalCount_ = 0;
  long acked_ = 0, filled_ = 0, canceled_ = 0, rejected_ = 0, duplicates_ = 0, redelivered_ = 0;
  std::vector<OrderState> orders_;
  std::set<std::string> execIDs_;
  std::vector<double> latenciesUs_;
  Clock::time_point firstMeasuredSend_;
  Clock::time_point lastTerminal_;
};

std::string sideCode(const std::string& side) {
  if (side == "buy") return "1";
  if (side == "sell") return "2";
  peer::Flags::fail("--side must be buy or sell, got '" + side + "'");
}

std::string ordTypeCode(const std::string& type) {
  if (type == "limit") return "2";
  if (type == "market") return "1";
  peer::Flags::fail("--type must be limit or market, got '" + type + "'");
}

}  // namespace

int main(int argc, char** argv) {
  const std::set<std::string> switches{"reset-on-logon", "cancel", "bench", "quiet", "multi-trader"};
  const peer::Flags flags(argc, argv,
                          {"host", "port", "sender-comp-id", "target-comp-id", "store", "dictionary", "heartbeat", "count",
                           "prefix", "symbol", "side", "qty", "price", "type", "account", "in-flight", "timeout",
                           "reconnect-interval", "warmup", "latency-file", "log-dir", "reset-on-logon", "cancel", "bench", "quiet",
                           "username", "password", "licence", "multi-trader", "sub-id"},
                          switches);
  const long port = flags.integer("port", 0, 1, 65535);
  if (port == 0) peer::Flags::fail("--port is required");
  const long count = flags.integer("count", 0, 1, 100000000);
  if (count == 0) peer::Flags::fail("--count is required");
  const long inFlight = flags.integer("in-flight", 0, 0, 100000000);
  const long timeout = flags.integer("timeout", 60, 1, 86400);
  const long warmup = flags.integer("warmup", 0, 0, count - 1);
  const std::string host = flags.str("host", "127.0.0.1");
  if (host != "127.0.0.1") peer::Flags::fail("--host must be 127.0.0.1: the tests only ever use loopback");

  const OrderTemplate order{flags.str("prefix", "QF"), flags.str("symbol", "ESZ6"), sideCode(flags.str("side", "buy")),
                            flags.str("qty", "1"), ordTypeCode(flags.str("type", "limit")), flags.str("price", "5000.25"),
                            flags.str("account", "")};
  const LogonFields logon{flags.str("username", ""), flags.str("password", ""), flags.str("licence", ""), flags.has("multi-trader")};

  const std::string text = peer::commonSettings(flags) + "ConnectionType=initiator\n" +
                           "HeartBtInt=" + std::to_string(flags.integer("heartbeat", 30, 1, 3600)) + "\n" +
                           "ReconnectInterval=" + std::to_string(flags.integer("reconnect-interval", 1, 1, 3600)) + "\n" +
                           "SocketConnectHost=" + host + "\nSocketConnectPort=" + std::to_string(port) + "\n" +
                           peer::sessionSection(flags, "CLIENT", "EXECUTOR");

  peer::Events events(flags.has("quiet") || flags.has("bench"));
  try {
    FIX::SessionSettings settings = peer::parseSettings(text);
    TradeClient application(events, order, logon, flags.str("sub-id", ""), count, inFlight, flags.has("cancel"), warmup);
    FIX::FileStoreFactory storeFactory(settings);
    std::unique_ptr<FIX::FileLogFactory> logFactory;
    std::unique_ptr<FIX::Initiator> initiator;
    if (flags.has("log-dir")) {
      logFactory.reset(new FIX::FileLogFactory(flags.str("log-dir", "")));
      initiator.reset(new FIX::SocketInitiator(application, storeFactory, settings, *logFactory));
    } else {
      initiator.reset(new FIX::SocketInitiator(application, storeFactory, settings));
    }
    if (!flags.has("bench")) {
      for (const FIX::SessionID& id : settings.getSessions()) {
        application.recover(id, flags.required("store") + "/tradeclient-received.log");
      }
    }
    initiator->start();
    const bool done = application.waitUntilDone(Clock::now() + std::chrono::seconds(timeout));
    application.printSummary();
    if (flags.has("bench")) application.printBench(flags.str("latency-file", ""));

    // Log out ourselves and wait briefly: Initiator::stop() would poll for it in whole seconds.
    for (const FIX::SessionID& id : settings.getSessions()) {
      FIX::Session* session = FIX::Session::lookupSession(id);
      if (session != nullptr && session->isLoggedOn()) session->logout("done");
    }
    application.waitForLogout(Clock::now() + std::chrono::seconds(5));
    if (!done) std::fprintf(stderr, "error: timed out after %ld s with orders lacking a terminal report\n", timeout);
    // Everything is on disk (FileStore and journal flush each write); stopping the initiator
    // would only wait out its one-second poll.
    std::fflush(stdout);
    std::_Exit(done ? 0 : 3);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 1;
  }
  return 0;
}
