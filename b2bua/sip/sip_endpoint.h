#pragma once

// SipEndpoint: the entry point for every message the transports parse.
// Malformed requests are answered statelessly with the status the parser
// chose (400 / 505 / 513) and a reason phrase naming the fault; malformed
// responses are dropped; both are counted and logged (rate-limited).
// Valid messages go to the TransactionLayer. Also keeps the per-method and
// per-status counters the metrics export. Signalling thread only.

#include <array>
#include <cstdint>
#include <map>

#include "b2bua/sip/message/sip_parser.h"
#include "b2bua/sip/transaction/transaction_layer.h"
#include "b2bua/sip/transport/sip_transport.h"
#include "media/base/log.h"

namespace chorus::b2bua {

struct SipEndpointStats {
  // Requests received, by method (index: Method enum).
  std::array<uint64_t, 16> requests_by_method{};
  // Responses received, by status code.
  std::map<int, uint64_t> responses_by_code;
  uint64_t parse_errors = 0;          // any message that failed to parse
  uint64_t bad_requests_answered = 0; // of those, requests we answered
  uint64_t bad_responses_dropped = 0;
  uint64_t unanswerable_dropped = 0;  // not even a usable start line / Via
};

class SipEndpoint {
 public:
  SipEndpoint(SipTransport& transport, TransactionLayer& transactions, std::string server_name);

  // From the transport layer.
  void OnParsed(SipParseResult&& parsed, const SipPeer& from);

  const SipEndpointStats& stats() const { return stats_; }

 private:
  void AnswerMalformed(const SipParseResult& parsed, const SipPeer& from);

  SipTransport& transport_;
  TransactionLayer& transactions_;
  std::string server_name_;
  SipEndpointStats stats_;
  log::RateLimiter log_limit_{5};
};

}  // namespace chorus::b2bua
