#pragma once

// StreamFramer: cuts a SIP byte stream (TCP now, TLS later) into messages
// (RFC 3261 18.3). Bytes go in with Append() as they arrive, split at any
// point; Next() yields one framing event at a time:
//   - kPing: a CRLFCRLF keep-alive between messages, to be answered with a
//     single CRLF (RFC 5626 3.5.1). Lone CRLFs between messages are skipped
//     (RFC 3261 7.5).
//   - kMessage: exactly one message, start line to the end of its body,
//     ready for SipParser with Framing::kStream.
//   - kUnframeable: the header section has no Content-Length, or one that is
//     not a number, or two that disagree; the stream cannot be resynchronised.
//   - kTooLarge: the header section grew past max_message_bytes, or the
//     message declares more than max_message_bytes.
// After kUnframeable or kTooLarge the framer is spent: the connection must
// close, and further input is ignored.
//
// No sockets: unit-testable and fuzzable on its own. Owned by one stream
// connection; signalling thread only.

#include <cstddef>
#include <string>
#include <string_view>

namespace chorus::b2bua {

class StreamFramer {
 public:
  enum class FrameKind { kNeedMore, kPing, kMessage, kUnframeable, kTooLarge };

  struct Frame {
    FrameKind kind = FrameKind::kNeedMore;
    // kMessage: the message. kUnframeable, and kTooLarge when the header
    // section was complete: the header section (start line to the empty
    // line), enough to answer a request with 400 or 513. Otherwise empty.
    // Valid until the next Append().
    std::string_view bytes;
    // kTooLarge: the size the message declares (headers + Content-Length),
    // or 0 when the header section itself overflowed.
    size_t declared_bytes = 0;
    // Why a framing error happened (static text), "" otherwise.
    const char* reason = "";
  };

  explicit StreamFramer(size_t max_message_bytes);

  void Append(std::string_view bytes);
  Frame Next();

  bool spent() const { return spent_; }
  // Bytes held and not yet returned in a frame.
  size_t buffered_bytes() const { return buf_.size() - start_; }

 private:
  Frame Fail(FrameKind kind, std::string_view bytes, size_t declared, const char* reason);
  // Scans from scan_ for the empty line ending the header section; sets
  // header_len_ (relative to start_) when found.
  bool FindHeaderEnd();

  size_t max_message_bytes_;
  std::string buf_;
  size_t start_ = 0;  // first byte not yet returned
  // Per message being assembled (offsets relative to start_).
  bool in_message_ = false;
  size_t scan_ = 0;
  size_t header_len_ = 0;  // 0 until the header section is complete
  size_t body_len_ = 0;
  bool spent_ = false;
};

}  // namespace chorus::b2bua
