#pragma once

// RequestPolicy: the checks a UAS runs on a new request before acting on
// it (RFC 3261 8.2.1 - 8.2.3), in the RFC's order: method (405 / 501 with
// Allow), Request-URI scheme (416), Require (420 with Unsupported), body
// (415 with Accept / Accept-Encoding), and for INVITE whether the caller
// can take our SDP answer (406, RFC 3261 8.2.3 / RFC 4475 3.3.15).
// Stateless; signalling thread.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "b2bua/sip/message/sip_message.h"

namespace chorus::b2bua {

struct Rejection {
  int status = 0;
  std::string reason;  // "" = the default phrase
  std::vector<std::pair<std::string, std::string>> headers;  // added to the response
};

struct RequestPolicyOptions {
  // Methods we act on, in the order Allow lists them.
  std::vector<Method> allowed = {Method::kInvite, Method::kAck,     Method::kCancel,
                                 Method::kBye,    Method::kOptions, Method::kInfo,
                                 Method::kUpdate};
  // Option tags we support (Require check, Supported header).
  std::vector<std::string> supported;
  // Body types we understand.
  std::vector<std::string> accepted_types = {"application/sdp"};
};

class RequestPolicy {
 public:
  explicit RequestPolicy(RequestPolicyOptions options);

  // nullopt: go ahead; otherwise the response to send.
  std::optional<Rejection> Check(const SipMessage& request) const;

  bool Allows(Method m) const;
  // "INVITE, ACK, CANCEL, ..." for Allow.
  const std::string& allow_header() const { return allow_; }
  // "timer, 100rel" for Supported ("" when none).
  const std::string& supported_header() const { return supported_; }
  // "application/sdp" for Accept.
  const std::string& accept_header() const { return accept_; }

  // The application/sdp part of a body: the body itself for
  // application/sdp, the SDP part of a multipart/mixed body, "" otherwise.
  static std::string_view SdpBody(const SipMessage& message);

 private:
  RequestPolicyOptions options_;
  std::string allow_;
  std::string supported_;
  std::string accept_;
};

}  // namespace chorus::b2bua
