// Fuzzes the SIP parser (datagram and stream framing) and what callers do
// with a parsed message: list splitting, name-addr and Via parsing of every
// header, serialization and re-parse of valid messages (which must succeed
// and be stable), and building a response.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "b2bua/sip/message/header_values.h"
#include "b2bua/sip/message/message_builder.h"
#include "b2bua/sip/message/sip_parser.h"
#include "b2bua/sip/message/sip_uri.h"

using namespace chorus::b2bua;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  SipParseLimits limits;
  for (Framing framing : {Framing::kDatagram, Framing::kStream}) {
    SipParseResult r = SipParser::Parse(input, framing, limits);
    if (!r.message) continue;
    const SipMessage& m = *r.message;
    for (const SipHeader& h : m.headers()) {
      ForEachListElement(h.value, [&](std::string_view e) {
        (void)ParseNameAddr(e);
        (void)ParseViaHop(e);
        return true;
      });
      (void)ParseCSeq(h.value);
      (void)ParseMediaType(h.value);
    }
    if (m.is_request()) (void)ParseUri(m.request_uri(), false);
    if (!r.ok()) continue;
    std::string wire = m.Serialize();
    SipParseLimits relaxed{wire.size() + 1, limits.max_headers};
    SipParseResult again = SipParser::Parse(wire, Framing::kDatagram, relaxed);
    if (!again.ok() || again.message->Serialize() != wire) __builtin_trap();
    if (m.is_request()) {
      auto resp = BuildResponse(m, 400, "Bad Request", "fuzz");
      (void)resp->Serialize();
    }
  }
  return 0;
}
