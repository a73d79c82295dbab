#pragma once

// SipParser: bytes -> SipMessage. One pass splits the start line and the
// headers (handling compact names, folding, case-insensitive names) and
// validates what a UAS must check before acting on a request (RFC 3261
// 8.2, 16.3 and the RFC 4475 torture cases): mandatory headers present and
// well-formed, singletons not repeated, CSeq method matching the request,
// Content-Length consistent with the framing, SIP version.
//
// A request that fails keeps its partial message so the transport can send
// the error response (`status`: 400, 505 or 513, `reason` naming the
// fault); a response that fails is to be dropped. Stateless; any thread.

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "b2bua/sip/message/sip_message.h"

namespace chorus::b2bua {

enum class Framing {
  kDatagram,  // UDP: one message per datagram; no Content-Length means the rest
  kStream,    // TCP: the bytes are exactly one message (see StreamFramer)
};

struct SipParseLimits {
  size_t max_message_bytes = 64 * 1024;
  size_t max_headers = 256;
};

struct SipParseResult {
  // Null when the bytes are not a SIP message at all.
  std::unique_ptr<SipMessage> message;
  // 0 when valid; otherwise the status a request deserves (400, 505, 513).
  int status = 0;
  std::string reason;
  bool ok() const { return status == 0 && message != nullptr; }
};

class SipParser {
 public:
  static SipParseResult Parse(std::string_view bytes, Framing framing,
                              const SipParseLimits& limits);
};

}  // namespace chorus::b2bua
