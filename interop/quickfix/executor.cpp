// QuickFIX C++ acceptor used as the counterparty of our initiator (like QuickFIX's "executor"
// example): acknowledges every NewOrderSingle, fills a limit order completely at its limit price
// (a market order at --market-price), answers OrderCancelRequest, and lets QuickFIX reject every
// other application message with BusinessMessageReject. FileStore, so resends replay real messages.
// Restart-safe: the reports in its outgoing store say which ClOrdIDs it has executed, so a
// NewOrderSingle re-delivered after a crash completes the order instead of executing it again.
//
// Output, one line per event: `listening port=<n>`, `logon ...`, `logout ...`,
// `recovered orders=<n>`, `order clordid=<id> seq=<n> possdup=<Y|N>`, `redelivered-order ...` (a
// PossDup re-delivery of a known order), `duplicate-order ...` (a known ClOrdID under a new
// sequence number: the sender's bug), `cancel ...`, `cancel-reject ...`, and the
// administrative events of peer.h. Stops (logging out) on SIGTERM/SIGINT.
#include "peer.h"

#include <quickfix/FileLog.h>
#include <quickfix/FileStore.h>
#include <quickfix/Session.h>
#include <quickfix/SocketAcceptor.h>

#include <chrono>
#include <csignal>
#include <memory>
#include <set>

namespace {

struct Order {
  std::string orderID;
  std::string side;
  std::string qty;
  bool open;
  bool filled;
};

class Executor : public FIX::Application {
public:
  Executor(peer::Events& events, std::string marketPrice, bool fill)
      : events_(events), marketPrice_(std::move(marketPrice)), fill_(fill),
        // Start time in the IDs keeps OrderIDs and ExecIDs unique across restarts.
        idPrefix_(std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(
                      std::chrono::system_clock::now().time_since_epoch()).count())) {}

  void onCreate(const FIX::SessionID&) override {}

  // Rebuilds the order book from the reports already sent (and stored) in earlier runs.
  void recover(const FIX::SessionID& id) {
    for (const FIX::Message& sent : peer::sentMessages(id)) {
      if (peer::field(sent.getHeader(), 35) != "8") continue;
      const std::string execType = peer::field(sent, 150);
      if (execType == "4") {
        auto it = orders_.find(peer::field(sent, 41));
        if (it != orders_.end()) it->second.open = false;
        continue;
      }
      Order& order = orders_[peer::field(sent, 11)];
      order.orderID = peer::field(sent, 37);
      order.side = peer::field(sent, 54);
      order.qty = peer::field(sent, 38);
      order.open = execType == "0";
      order.filled = execType == "F";
    }
    events_.session("recovered orders=" + std::to_string(orders_.size()));
  }

  void onLogon(const FIX::SessionID& id) override {
    FIX::Session* session = FIX::Session::lookupSession(id);
    events_.session("logon session=" + id.toString() + " next-out=" + std::to_string(session->getExpectedSenderNum()) +
                    " next-in=" + std::to_string(session->getExpectedTargetNum()));
  }

  void onLogout(const FIX::SessionID& id) override { events_.session("logout session=" + id.toString()); }

  void toAdmin(FIX::Message& message, const FIX::SessionID&) override { peer::reportAdmin(events_, "out", message); }
  void toApp(FIX::Message&, const FIX::SessionID&) throw(FIX::DoNotSend) override {}

  void fromAdmin(const FIX::Message& message, const FIX::SessionID&)
      throw(FIX::FieldNotFound, FIX::IncorrectDataFormat, FIX::IncorrectTagValue, FIX::RejectLogon) override {
    peer::reportAdmin(events_, "in", message);
  }

  void fromApp(const FIX::Message& message, const FIX::SessionID& id)
      throw(FIX::FieldNotFound, FIX::IncorrectDataFormat, FIX::IncorrectTagValue, FIX::UnsupportedMessageType) override {
    const std::string type = peer::field(message.getHeader(), 35);
    if (type == "D") {
      onNewOrderSingle(message, id);
    } else if (type == "F") {
      onOrderCancelRequest(message, id);
    } else {
      throw FIX::UnsupportedMessageType();
    }
  }

private:
  void onNewOrderSingle(const FIX::Message& message, const FIX::SessionID& id) {
    const std::string clOrdID = message.getField(11);
    const std::string seq = message.getHeader().getField(34);
    const std::string possDup = peer::possDup(message);
    const std::string ordType = message.getField(40);
    const std::string price = ordType == "2" ? message.getField(44) : marketPrice_;
    auto known = orders_.find(clOrdID);
    if (known != orders_.end()) {
      // A ClOrdID under a new sequence number is the sender's bug, not a new order. A PossDup
      // re-delivery follows our crash before the sequence number was saved: finish the order.
      if (possDup != "Y") {
        events_.session("duplicate-order clordid=" + clOrdID + " seq=" + seq);
        return;
      }
      events_.session("redelivered-order clordid=" + clOrdID + " seq=" + seq);
      if (fill_ && !known->second.filled && known->second.open) sendFill(message, known->second, price, id);
      return;
    }
    events_.message("order clordid=" + clOrdID + " seq=" + seq + " possdup=" + possDup);

    Order& order = orders_[clOrdID];
    order = Order{idPrefix_ + "-" + std::to_string(++orderCount_), message.getField(54), message.getField(38), true, false};
    FIX::Message ack = report(message, order, "0", "0", order.qty, "0", "0");
    FIX::Session::sendToTarget(ack, id);
    if (fill_) sendFill(message, order, price, id);
  }

  void sendFill(const FIX::Message& request, Order& order, const std::string& price, const FIX::SessionID& id) {
    FIX::Message fill = report(request, order, "F", "2", "0", order.qty, price);
    fill.setField(31, price);
    fill.setField(32, order.qty);
    FIX::Session::sendToTarget(fill, id);
    order.open = false;
    order.filled = true;
  }

  void onOrderCancelRequest(const FIX::Message& message, const FIX::SessionID& id) {
    const std::string clOrdID = message.getField(11);
    const std::string origClOrdID = message.getField(41);
    auto it = orders_.find(origClOrdID);
    if (it == orders_.end() || !it->second.open) {
      events_.message("cancel-reject clordid=" + clOrdID + " origclordid=" + origClOrdID);
      FIX::Message reject;
      reject.getHeader().setField(35, "9");
      reject.setField(37, it == orders_.end() ? "NONE" : it->second.orderID);
      reject.setField(11, clOrdID);
      reject.setField(41, origClOrdID);
      reject.setField(39, it == orders_.end() ? "8" : "2");
      reject.setField(434, "1");
      reject.setField(102, it == orders_.end() ? "1" : "0");  // UnknownOrder : TooLateToCancel
      FIX::Session::sendToTarget(reject, id);
      return;
    }
    Order& order = it->second;
    order.open = false;
    events_.message("cancel clordid=" + clOrdID + " origclordid=" + origClOrdID);
    FIX::Message canceled = report(message, order, "4", "4", "0", "0", "0");
    canceled.setField(41, origClOrdID);
    FIX::Session::sendToTarget(canceled, id);
  }

  FIX::Message report(const FIX::Message& request, const Order& order, const char* execType, const char* ordStatus,
                      const std::string& leavesQty, const std::string& cumQty, const std::string& avgPx) {
    FIX::Message er;
    er.getHeader().setField(35, "8");
    er.setField(37, order.orderID);
    er.setField(11, request.getField(11));
    er.setField(17, idPrefix_ + "-" + std::to_string(++execCount_));
    er.setField(150, execType);
    er.setField(39, ordStatus);
    er.setField(55, request.getField(55));
    er.setField(54, order.side);
    er.setField(38, order.qty);
    er.setField(151, leavesQty);
    er.setField(14, cumQty);
    er.setField(6, avgPx);
    if (request.isSetField(1)) er.setField(1, request.getField(1));
    return er;
  }

  peer::Events& events_;
  const std::string marketPrice_;
  const bool fill_;
  const std::string idPrefix_;
  std::map<std::string, Order> orders_;
  long orderCount_ = 0;
  long execCount_ = 0;
};

}  // namespace

int main(int argc, char** argv) {
  const std::set<std::string> switches{"reset-on-logon", "no-fill", "quiet"};
  const peer::Flags flags(argc, argv,
                          {"port", "sender-comp-id", "target-comp-id", "store", "dictionary", "market-price", "log-dir",
                           "reset-on-logon", "no-fill", "quiet"},
                          switches);
  const long port = flags.integer("port", 0, 1, 65535);
  if (port == 0) peer::Flags::fail("--port is required");

  std::string text = peer::commonSettings(flags) + "ConnectionType=acceptor\nSocketReuseAddress=Y\n" +
                     "SocketAcceptPort=" + std::to_string(port) + "\n" + peer::sessionSection(flags, "EXECUTOR", "CLIENT");

  // Block the stop signals in every thread; main waits for them with sigwait.
  sigset_t stopSignals;
  sigemptyset(&stopSignals);
  sigaddset(&stopSignals, SIGTERM);
  sigaddset(&stopSignals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stopSignals, nullptr);

  peer::Events events(flags.has("quiet"));
  try {
    FIX::SessionSettings settings = peer::parseSettings(text);
    Executor application(events, flags.str("market-price", "100"), !flags.has("no-fill"));
    FIX::FileStoreFactory storeFactory(settings);
    std::unique_ptr<FIX::FileLogFactory> logFactory;
    std::unique_ptr<FIX::Acceptor> acceptor;
    if (flags.has("log-dir")) {
      logFactory.reset(new FIX::FileLogFactory(flags.str("log-dir", "")));
      acceptor.reset(new FIX::SocketAcceptor(application, storeFactory, settings, *logFactory));
    } else {
      acceptor.reset(new FIX::SocketAcceptor(application, storeFactory, settings));
    }
    for (const FIX::SessionID& id : settings.getSessions()) application.recover(id);
    acceptor->start();
    events.session("listening port=" + std::to_string(port) + " dictionary=" + flags.str("dictionary", "none"));
    int signal = 0;
    sigwait(&stopSignals, &signal);
    acceptor->stop();
    events.session("stopped");
  } catch (const std::exception& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 1;
  }
  return 0;
}
