#include "b2bua/sip/transport/stream_framer.h"

#include <cstring>
#include <limits>

#include "b2bua/sip/message/sip_chars.h"

namespace chorus::b2bua {
namespace {

constexpr std::string_view kPing = "\r\n\r\n";
// Content-Length values are saturated here: anything larger is oversize.
constexpr size_t kClSaturation = size_t{1} << 40;

struct ContentLengthScan {
  enum Status { kOk, kMissing, kInvalid, kConflict } status = kMissing;
  size_t value = 0;
};

bool IsSpTab(char c) { return c == ' ' || c == '\t'; }

// Reads Content-Length (or its compact form "l") from a complete header
// section, the way SipParser splits lines: LF ends a line, a CR before it
// is dropped, a line starting with SP/HT continues the previous header.
ContentLengthScan ScanContentLength(std::string_view headers) {
  ContentLengthScan out;
  size_t pos = headers.find('\n');
  pos = pos == std::string_view::npos ? headers.size() : pos + 1;  // skip the start line
  bool in_cl = false;  // the previous line was a Content-Length
  while (pos < headers.size()) {
    size_t lf = headers.find('\n', pos);
    if (lf == std::string_view::npos) lf = headers.size();
    std::string_view line = headers.substr(pos, lf - pos);
    pos = lf + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) break;
    if (IsSpTab(line.front())) {
      // A folded Content-Length value is not a plain number.
      if (in_cl) return ContentLengthScan{ContentLengthScan::kInvalid, 0};
      continue;
    }
    in_cl = false;
    size_t name_end = 0;
    while (name_end < line.size() && sipchars::IsToken(line[name_end])) ++name_end;
    std::string_view name = line.substr(0, name_end);
    if (!sipchars::EqualsNoCase(name, "Content-Length") && !sipchars::EqualsNoCase(name, "l")) {
      continue;
    }
    size_t colon = name_end;
    while (colon < line.size() && IsSpTab(line[colon])) ++colon;
    if (colon >= line.size() || line[colon] != ':') continue;  // not a header line we can read
    std::string_view value = line.substr(colon + 1);
    while (!value.empty() && IsSpTab(value.front())) value.remove_prefix(1);
    while (!value.empty() && IsSpTab(value.back())) value.remove_suffix(1);
    if (value.empty()) return ContentLengthScan{ContentLengthScan::kInvalid, 0};
    size_t n = 0;
    for (char c : value) {
      if (!sipchars::IsDigit(c)) return ContentLengthScan{ContentLengthScan::kInvalid, 0};
      n = n >= kClSaturation ? kClSaturation : n * 10 + static_cast<size_t>(c - '0');
    }
    if (out.status == ContentLengthScan::kOk && out.value != n) {
      return ContentLengthScan{ContentLengthScan::kConflict, 0};
    }
    out.status = ContentLengthScan::kOk;
    out.value = n;
    in_cl = true;
  }
  return out;
}

}  // namespace

StreamFramer::StreamFramer(size_t max_message_bytes) : max_message_bytes_(max_message_bytes) {
  // Typical SIP messages fit; bigger ones grow the buffer once.
  buf_.reserve(4096);
}

void StreamFramer::Append(std::string_view bytes) {
  if (spent_ || bytes.empty()) return;
  if (start_ > 0 && (start_ == buf_.size() || start_ >= buf_.size() / 2)) {
    buf_.erase(0, start_);
    start_ = 0;
  }
  buf_.append(bytes);
}

StreamFramer::Frame StreamFramer::Fail(FrameKind kind, std::string_view bytes, size_t declared,
                                       const char* reason) {
  spent_ = true;
  Frame f;
  f.kind = kind;
  f.bytes = bytes;
  f.declared_bytes = declared;
  f.reason = reason;
  return f;
}

bool StreamFramer::FindHeaderEnd() {
  const char* base = buf_.data() + start_;
  size_t size = buf_.size() - start_;
  size_t i = scan_;
  while (i < size) {
    const void* lf = memchr(base + i, '\n', size - i);
    if (lf == nullptr) {
      scan_ = size;
      return false;
    }
    i = static_cast<size_t>(static_cast<const char*>(lf) - base);
    // The header section ends at an empty line: LF then LF, or LF then CRLF.
    if (i + 1 >= size) break;
    if (base[i + 1] == '\n') {
      header_len_ = i + 2;
      return true;
    }
    if (base[i + 1] == '\r') {
      if (i + 2 >= size) break;
      if (base[i + 2] == '\n') {
        header_len_ = i + 3;
        return true;
      }
    }
    ++i;
  }
  scan_ = i;  // resume at the undecided line end
  return false;
}

StreamFramer::Frame StreamFramer::Next() {
  if (spent_) return Frame{};
  while (!in_message_) {
    std::string_view rest(buf_.data() + start_, buf_.size() - start_);
    if (rest.empty()) return Frame{};
    if (rest.front() != '\r' && rest.front() != '\n') {
      in_message_ = true;
      scan_ = 0;
      header_len_ = 0;
      body_len_ = 0;
      break;
    }
    if (rest.size() >= kPing.size() && rest.substr(0, kPing.size()) == kPing) {
      start_ += kPing.size();
      Frame f;
      f.kind = FrameKind::kPing;
      return f;
    }
    // Could still become a ping: decide when more bytes arrive.
    if (rest.size() < kPing.size() && kPing.substr(0, rest.size()) == rest) return Frame{};
    ++start_;  // a stray CR or LF before a start line (RFC 3261 7.5)
  }

  std::string_view msg(buf_.data() + start_, buf_.size() - start_);
  if (header_len_ == 0) {
    // Until the empty line shows up, everything held is header section, and
    // the header section found is at least one byte longer than what is
    // held: both checks below give the same answer however input is split.
    if (!FindHeaderEnd()) {
      if (msg.size() > max_message_bytes_) {
        return Fail(FrameKind::kTooLarge, {}, 0, "header section exceeds max_message_bytes");
      }
      return Frame{};
    }
    if (header_len_ > max_message_bytes_) {
      return Fail(FrameKind::kTooLarge, {}, 0, "header section exceeds max_message_bytes");
    }
    std::string_view headers = msg.substr(0, header_len_);
    ContentLengthScan cl = ScanContentLength(headers);
    switch (cl.status) {
      case ContentLengthScan::kMissing:
        return Fail(FrameKind::kUnframeable, headers, 0, "Content-Length missing on a stream");
      case ContentLengthScan::kInvalid:
        return Fail(FrameKind::kUnframeable, headers, 0, "Content-Length is not a number");
      case ContentLengthScan::kConflict:
        return Fail(FrameKind::kUnframeable, headers, 0, "Content-Length headers disagree");
      case ContentLengthScan::kOk:
        break;
    }
    if (cl.value > max_message_bytes_ - header_len_) {
      return Fail(FrameKind::kTooLarge, headers, header_len_ + cl.value,
                  "message exceeds max_message_bytes");
    }
    body_len_ = cl.value;
  }
  size_t total = header_len_ + body_len_;
  if (msg.size() < total) return Frame{};
  Frame f;
  f.kind = FrameKind::kMessage;
  f.bytes = msg.substr(0, total);
  start_ += total;
  in_message_ = false;
  header_len_ = 0;
  return f;
}

}  // namespace chorus::b2bua
