// Shared by the QuickFIX C++ test peers: command-line flags, session settings, and the
// one-line-per-event output the interop tests and the benchmark parse.
#pragma once

#include <quickfix/Application.h>
#include <quickfix/Message.h>
#include <quickfix/Session.h>
#include <quickfix/SessionID.h>
#include <quickfix/SessionSettings.h>

#include <cstdio>
#include <cstdlib>
#include <map>
#include <mutex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace peer {

// --name value flags; a flag listed in `switches` takes no value.
class Flags {
public:
  Flags(int argc, char** argv, const std::set<std::string>& known, const std::set<std::string>& switches) {
    for (int i = 1; i < argc; ++i) {
      std::string arg = argv[i];
      if (arg.compare(0, 2, "--") != 0 || known.count(arg.substr(2)) == 0) fail("unknown argument " + arg);
      std::string name = arg.substr(2);
      if (switches.count(name) != 0) { values_[name] = "Y"; continue; }
      if (i + 1 >= argc) fail("missing value for " + arg);
      values_[name] = argv[++i];
    }
  }

  bool has(const std::string& name) const { return values_.count(name) != 0; }

  std::string str(const std::string& name, const std::string& fallback) const {
    auto it = values_.find(name);
    return it == values_.end() ? fallback : it->second;
  }

  std::string required(const std::string& name) const {
    if (!has(name)) fail("--" + name + " is required");
    return values_.at(name);
  }

  long integer(const std::string& name, long fallback, long min, long max) const {
    if (!has(name)) return fallback;
    const std::string& text = values_.at(name);
    char* end = nullptr;
    long value = std::strtol(text.c_str(), &end, 10);
    if (text.empty() || *end != '\0' || value < min || value > max)
      fail("--" + name + " must be an integer in [" + std::to_string(min) + ", " + std::to_string(max) + "], got '" + text + "'");
    return value;
  }

  [[noreturn]] static void fail(const std::string& why) {
    std::fprintf(stderr, "error: %s\n", why.c_str());
    std::exit(2);
  }

private:
  std::map<std::string, std::string> values_;
};

// Prints whole lines atomically: QuickFIX calls back on its socket thread while main prints too.
class Events {
public:
  explicit Events(bool quiet) : quiet_(quiet) {}
  bool quiet() const { return quiet_; }

  void line(const std::string& text) {
    std::lock_guard<std::mutex> guard(mutex_);
    std::fputs(text.c_str(), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
  }

  // Session events (logons, resends, rejects) print even in quiet mode: they are rare.
  void session(const std::string& text) { line(text); }
  void message(const std::string& text) { if (!quiet_) line(text); }

private:
  bool quiet_;
  std::mutex mutex_;
};

inline std::string field(const FIX::FieldMap& map, int tag, const std::string& fallback = "-") {
  return map.isSetField(tag) ? map.getField(tag) : fallback;
}

inline std::string possDup(const FIX::Message& message) {
  return field(message.getHeader(), 43, "N");
}

// Settings common to both peers; QuickFIX needs a session window, so it is 24 hours.
inline std::string commonSettings(const Flags& flags) {
  std::ostringstream out;
  out << "[DEFAULT]\n"
      << "StartTime=00:00:00\nEndTime=00:00:00\n"
      << "FileStorePath=" << flags.required("store") << "\n"
      << "PersistMessages=Y\nSocketNodelay=Y\n"
      << "ResetOnLogon=" << (flags.has("reset-on-logon") ? "Y" : "N") << "\n";
  if (flags.has("dictionary")) {
    out << "UseDataDictionary=Y\nDataDictionary=" << flags.str("dictionary", "") << "\n";
  } else {
    out << "UseDataDictionary=N\n";
  }
  return out.str();
}

inline std::string sessionSection(const Flags& flags, const std::string& sender, const std::string& target) {
  std::ostringstream out;
  out << "[SESSION]\nBeginString=FIX.4.4\n"
      << "SenderCompID=" << flags.str("sender-comp-id", sender) << "\n"
      << "TargetCompID=" << flags.str("target-comp-id", target) << "\n";
  return out.str();
}

// Every message this side has sent, from its QuickFIX FileStore: what a restarted peer knows
// it already did.
inline std::vector<FIX::Message> sentMessages(const FIX::SessionID& id) {
  const FIX::MessageStore* store = FIX::Session::lookupSession(id)->getStore();
  std::vector<std::string> raw;
  const int last = store->getNextSenderMsgSeqNum() - 1;
  if (last >= 1) store->get(1, last, raw);
  std::vector<FIX::Message> messages;
  messages.reserve(raw.size());
  for (const std::string& text : raw) messages.emplace_back(text, false);
  return messages;
}

inline FIX::SessionSettings parseSettings(const std::string& text) {
  std::istringstream in(text);
  return FIX::SessionSettings(in);
}

// Administrative traffic the tests assert on: resends, gap fills, rejects, logouts.
inline void reportAdmin(Events& events, const char* direction, const FIX::Message& message) {
  const std::string type = field(message.getHeader(), 35);
  const std::string seq = field(message.getHeader(), 34);
  if (type == "2") {
    events.session(std::string("resend-request dir=") + direction + " seq=" + seq +
                   " begin=" + field(message, 7) + " end=" + field(message, 16));
  } else if (type == "4") {
    events.session(std::string("sequence-reset dir=") + direction + " seq=" + seq +
                   " gapfill=" + field(message, 123, "N") + " newseqno=" + field(message, 36));
  } else if (type == "3") {
    events.session(std::string("reject dir=") + direction + " seq=" + seq + " refseq=" + field(message, 45) +
                   " reason=" + field(message, 373) + " reftag=" + field(message, 371) + " text=\"" + field(message, 58, "") + "\"");
  } else if (type == "A") {
    events.session(std::string("logon-message dir=") + direction + " seq=" + seq + " reset=" + field(message, 141, "N"));
  }
}

}  // namespace peer
