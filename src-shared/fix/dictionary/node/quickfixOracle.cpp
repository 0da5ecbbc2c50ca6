// Loads a dictionary with QuickFIX C++ (FIX::DataDictionary) and validates frames with it the
// way a QuickFIX session does, so tests can hold our validator against QuickFIX's verdicts.
// Usage: quickfixOracle DICTIONARY.xml < frames (one hex-encoded frame per line).
// Prints "loaded <BeginString>" first, then one line per frame: "valid", "reject <373> <371>",
// "garbled <what>" (QuickFIX cannot parse it) or "other <what>".
#include <quickfix/DataDictionary.h>
#include <quickfix/Message.h>
#include <iostream>
#include <string>

static std::string unhex(const std::string& hex) {
  std::string out;
  for (std::string::size_type i = 0; i + 1 < hex.size(); i += 2) out += static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16));
  return out;
}

int main(int argc, char** argv) {
  if (argc != 2) { std::cerr << "usage: quickfixOracle DICTIONARY.xml" << std::endl; return 2; }
  try {
    FIX::DataDictionary dd(argv[1]);
    std::cout << "loaded " << dd.getVersion() << std::endl;
    std::string line;
    while (std::getline(std::cin, line)) {
      try {
        FIX::Message message(unhex(line), dd, true);
        FIX::DataDictionary::validate(message, &dd, &dd);
        std::cout << "valid" << std::endl;
      }
      catch (FIX::InvalidTagNumber& e) { std::cout << "reject 0 " << e.field << std::endl; }
      catch (FIX::RequiredTagMissing& e) { std::cout << "reject 1 " << e.field << std::endl; }
      catch (FIX::TagNotDefinedForMessage& e) { std::cout << "reject 2 " << e.field << std::endl; }
      catch (FIX::NoTagValue& e) { std::cout << "reject 4 " << e.field << std::endl; }
      catch (FIX::IncorrectTagValue& e) { std::cout << "reject 5 " << e.field << std::endl; }
      catch (FIX::IncorrectDataFormat& e) { std::cout << "reject 6 " << e.field << std::endl; }
      catch (FIX::InvalidMessageType&) { std::cout << "reject 11 0" << std::endl; }
      catch (FIX::RepeatedTag& e) { std::cout << "reject 13 " << e.field << std::endl; }
      catch (FIX::TagOutOfOrder& e) { std::cout << "reject 14 " << e.field << std::endl; }
      catch (FIX::RepeatingGroupCountMismatch& e) { std::cout << "reject 16 " << e.field << std::endl; }
      catch (FIX::InvalidMessage& e) { std::cout << "garbled " << e.what() << std::endl; }
      catch (std::exception& e) { std::cout << "other " << e.what() << std::endl; }
    }
  } catch (std::exception& e) {
    std::cerr << "error: " << e.what() << std::endl;
    return 1;
  }
  return 0;
}
