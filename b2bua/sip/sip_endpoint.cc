#include "b2bua/sip/sip_endpoint.h"

#include "b2bua/sip/message/message_builder.h"
#include "media/base/clock.h"

namespace chorus::b2bua {

SipEndpoint::SipEndpoint(SipTransport& transport, TransactionLayer& transactions,
                         std::string server_name)
    : transport_(transport), transactions_(transactions), server_name_(std::move(server_name)) {}

void SipEndpoint::OnParsed(SipParseResult&& parsed, const SipPeer& from) {
  if (!parsed.ok()) {
    ++stats_.parse_errors;
    if (log_limit_.Allow(MonotonicClock::Instance().NowMs())) {
      CHORUS_LOG(kInfo, "sip.malformed")
          .Kv("peer", from.remote.ToString())
          .Kv("transport", TransportName(from.transport))
          .Kv("status", parsed.status)
          .Kv("reason", parsed.reason)
          .Kv("suppressed", log_limit_.TakeSuppressed());
    }
    if (parsed.message && parsed.message->is_request() && parsed.status >= 400) {
      AnswerMalformed(parsed, from);
    } else if (parsed.message && parsed.message->is_response()) {
      ++stats_.bad_responses_dropped;
    } else {
      ++stats_.unanswerable_dropped;
    }
    return;
  }
  SipMessage& m = *parsed.message;
  if (m.is_request()) {
    ++stats_.requests_by_method[static_cast<size_t>(m.method())];
  } else {
    ++stats_.responses_by_code[m.status_code()];
  }
  transactions_.OnMessage(std::move(parsed.message), from);
}

void SipEndpoint::AnswerMalformed(const SipParseResult& parsed, const SipPeer& from) {
  const SipMessage& request = *parsed.message;
  // RFC 3261 8.2.6 needs a Via to route a response; without one the
  // request cannot be answered. An unparsable Via still lets the transport
  // answer the source address. ACKs are never answered.
  if (request.Find(HeaderId::kVia) == nullptr || request.method() == Method::kAck) {
    ++stats_.unanswerable_dropped;
    return;
  }
  // The reason phrase names the fault (TEXT-UTF8 without CR/LF).
  std::string reason(DefaultReason(parsed.status));
  if (!parsed.reason.empty()) {
    reason += " (";
    for (char c : parsed.reason) reason += (c == '\r' || c == '\n') ? ' ' : c;
    reason += ")";
  }
  auto response = BuildResponse(request, parsed.status, reason, RandomToken(6));
  response->AddHeader(HeaderId::kServer, server_name_);
  auto r = transport_.SendResponse(from, *response);
  if (r) ++stats_.bad_requests_answered;
}

}  // namespace chorus::b2bua
