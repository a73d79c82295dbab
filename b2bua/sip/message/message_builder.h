#pragma once

// Building SIP messages: a text writer for requests and responses we
// originate, and BuildResponse() for the RFC 3261 8.2.6 rules of a response
// to a received request. Built text is parsed back into a SipMessage so
// every layer handles one representation. Any thread.

#include <memory>
#include <string>
#include <string_view>

#include "b2bua/sip/message/sip_message.h"

namespace chorus::b2bua {

// The RFC 3261 21 reason phrase for a code ("Unknown" for others).
std::string_view DefaultReason(int code);

// Appends a start line, headers and a body; Finish() adds Content-Length.
class SipMessageWriter {
 public:
  SipMessageWriter& Request(std::string_view method, std::string_view request_uri);
  SipMessageWriter& Response(int code, std::string_view reason = {});
  SipMessageWriter& Header(std::string_view name, std::string_view value);
  SipMessageWriter& Header(HeaderId id, std::string_view value) {
    return Header(HeaderName(id), value);
  }
  // Adds Content-Type (when the body is not empty) and Content-Length, then
  // the body; returns the wire text.
  std::string Finish(std::string_view content_type = {}, std::string_view body = {});

 private:
  std::string text_;
};

// Parses text this process built. Null only when the text is not SIP at
// all (a bug); validation findings are ignored because a response to a
// malformed request copies the malformed headers on purpose.
std::unique_ptr<SipMessage> ParseBuiltMessage(std::string_view text);

// RFC 3261 8.2.6.2: a response to `request` with its Via headers, From,
// Call-ID and CSeq copied, To copied with `to_tag` added when the request's
// To has no tag (and the code is above 100), and Timestamp echoed on 100
// (8.2.6.1). Extra headers are added by the caller with AddHeader().
std::unique_ptr<SipMessage> BuildResponse(const SipMessage& request, int code,
                                          std::string_view reason = {},
                                          std::string_view to_tag = {});

// Random token for tags, branches and Call-IDs: `bytes` random bytes in
// URL-safe characters (RFC 3261 19.3 asks for at least 32 bits).
std::string RandomToken(size_t bytes = 8);
// "z9hG4bK" + random (RFC 3261 8.1.1.7).
std::string NewBranch();

}  // namespace chorus::b2bua
