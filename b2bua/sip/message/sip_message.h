#pragma once

// SipMessage: one SIP request or response, parsed in place. The message
// owns its bytes; start-line fields, headers and body are views into them
// (zero-copy), and the headers every layer needs (top Via, From, To,
// Call-ID, CSeq, Max-Forwards, Content-Length) are parsed once up front.
// Everything else is parsed on demand by the header_values.h helpers.
// Edits (add/remove/replace a header, new body) keep the views valid: new
// text goes to an arena owned by the message. Serialize() writes unchanged
// lines exactly as they arrived, so an untouched message round-trips
// byte for byte.
//
// Move-only (views point into owned storage); Clone() for a deep copy.
// Not thread-safe; a message belongs to one thread at a time.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "b2bua/sip/message/header_id.h"
#include "b2bua/sip/message/header_values.h"
#include "b2bua/sip/message/sip_method.h"
#include "media/base/result.h"

namespace chorus::b2bua {

struct SipHeader {
  HeaderId id = HeaderId::kOther;
  std::string_view name;   // as received (may be a compact form)
  std::string_view value;  // trimmed; may contain line folds
  std::string_view raw;    // the original line(s) without the final CRLF; empty once edited
};

class SipMessage {
 public:
  SipMessage(SipMessage&&) = default;
  SipMessage& operator=(SipMessage&&) = default;
  SipMessage(const SipMessage&) = delete;
  SipMessage& operator=(const SipMessage&) = delete;

  bool is_request() const { return is_request_; }
  bool is_response() const { return !is_request_; }

  // Requests.
  Method method() const { return method_; }
  std::string_view method_name() const { return method_name_; }
  std::string_view request_uri() const { return request_uri_; }
  // Responses.
  int status_code() const { return status_code_; }
  std::string_view reason() const { return reason_; }
  std::string_view version() const { return version_; }

  // Headers, in order.
  size_t header_count() const { return headers_.size(); }
  const SipHeader& header(size_t i) const { return headers_[i]; }
  const std::vector<SipHeader>& headers() const { return headers_; }
  // First header with this id (or, for kOther, this name), or nullptr.
  const SipHeader* Find(HeaderId id) const;
  const SipHeader* FindByName(std::string_view name) const;
  size_t Count(HeaderId id) const;
  // Value of the first header with this id, "" when absent.
  std::string_view Value(HeaderId id) const {
    const SipHeader* h = Find(id);
    return h != nullptr ? h->value : std::string_view();
  }

  // Parsed at parse time (valid when the parse succeeded).
  std::string_view call_id() const { return call_id_; }
  const CSeqValue& cseq() const { return cseq_; }
  Method cseq_method() const { return cseq_method_; }
  const ViaHop& top_via() const { return top_via_; }
  const NameAddr& from() const { return from_; }
  const NameAddr& to() const { return to_; }
  // -1 when absent.
  int max_forwards() const { return max_forwards_; }
  // -1 when absent.
  int64_t content_length() const { return content_length_; }
  std::string_view body() const { return body_; }
  // Number of Via hops over all Via headers.
  size_t via_count() const { return via_count_; }

  // ---- edits ----
  // Adds a header at the end (before the body).
  void AddHeader(HeaderId id, std::string_view value);
  void AddHeader(std::string_view name, std::string_view value);
  // Adds a header before every other header (new top Via).
  void PrependHeader(HeaderId id, std::string_view value);
  // Replaces the value of header `index`.
  void SetHeaderValue(size_t index, std::string_view value);
  // Replaces the first header with `id` or adds one.
  void SetHeader(HeaderId id, std::string_view value);
  // Removes every header with `id`; returns how many.
  size_t RemoveHeaders(HeaderId id);
  // Removes the first hop of the top Via header (a whole header when it
  // carries one hop).
  void RemoveTopVia();
  // New body; updates Content-Type (removed when empty) and Content-Length.
  void SetBody(std::string_view content_type, std::string_view body);
  void SetRequestUri(std::string_view uri);
  // Rewrites the status line (responses).
  void SetStatus(int code, std::string_view reason);

  // Wire form.
  std::string Serialize() const;
  void SerializeTo(std::string& out) const;
  // Size of the original bytes (0 for built messages edited away).
  size_t wire_size() const { return size_; }
  std::string_view original() const { return std::string_view(buffer_.get(), size_); }

  Result<std::unique_ptr<SipMessage>> Clone() const;

 private:
  friend class SipParser;
  SipMessage() = default;

  std::string_view Store(std::string_view text);
  // Re-reads cached views after an edit of header `id`.
  void Recache(HeaderId id);

  std::unique_ptr<char[]> buffer_;
  size_t size_ = 0;
  std::vector<std::unique_ptr<char[]>> arena_;

  bool is_request_ = true;
  bool start_line_edited_ = false;
  std::string_view start_line_;
  Method method_ = Method::kUnknown;
  std::string_view method_name_;
  std::string_view request_uri_;
  std::string_view version_;
  int status_code_ = 0;
  std::string_view reason_;

  std::vector<SipHeader> headers_;
  std::string_view body_;

  std::string_view call_id_;
  CSeqValue cseq_;
  Method cseq_method_ = Method::kUnknown;
  ViaHop top_via_;
  NameAddr from_;
  NameAddr to_;
  int max_forwards_ = -1;
  int64_t content_length_ = -1;
  size_t via_count_ = 0;
};

}  // namespace chorus::b2bua
