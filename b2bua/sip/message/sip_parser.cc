#include "b2bua/sip/message/sip_parser.h"

#include <cstring>

#include "b2bua/sip/message/sip_chars.h"
#include "b2bua/sip/message/sip_uri.h"

namespace chorus::b2bua {
namespace {

using sipchars::EqualsNoCase;
using sipchars::TrimWs;

// "SIP/" 1*DIGIT "." 1*DIGIT
bool IsSipVersionShape(std::string_view v) {
  if (v.size() < 7 || !EqualsNoCase(v.substr(0, 4), "SIP/")) return false;
  std::string_view n = v.substr(4);
  size_t dot = n.find('.');
  if (dot == 0 || dot == std::string_view::npos || dot + 1 >= n.size()) return false;
  for (size_t i = 0; i < n.size(); ++i) {
    if (i != dot && !sipchars::IsDigit(n[i])) return false;
  }
  return true;
}

bool IsSip20(std::string_view v) { return EqualsNoCase(v, "SIP/2.0"); }

class Validator {
 public:
  explicit Validator(SipParseResult& r) : r_(r) {}
  void Fail(int status, std::string reason) {
    if (r_.status == 0 || status_rank(status) > status_rank(r_.status)) {
      r_.status = status;
      r_.reason = std::move(reason);
    }
  }
  bool failed() const { return r_.status != 0; }

 private:
  // 505 and 513 outrank a syntax 400: they say more about what to fix.
  static int status_rank(int status) { return status == 400 ? 1 : 2; }
  SipParseResult& r_;
};

}  // namespace

SipParseResult SipParser::Parse(std::string_view bytes, Framing framing,
                                const SipParseLimits& limits) {
  SipParseResult r;
  Validator v(r);
  // RFC 3261 7.5: ignore CRLFs before the start line (keep-alives).
  size_t lead = 0;
  while (lead < bytes.size() && (bytes[lead] == '\r' || bytes[lead] == '\n')) ++lead;
  bytes.remove_prefix(lead);
  if (bytes.empty()) {
    r.status = 400;
    r.reason = "empty message";
    return r;
  }

  std::unique_ptr<SipMessage> msg(new SipMessage());
  msg->buffer_ = std::make_unique<char[]>(bytes.size());
  memcpy(msg->buffer_.get(), bytes.data(), bytes.size());
  msg->size_ = bytes.size();
  const std::string_view b(msg->buffer_.get(), msg->size_);
  const char* base = b.data();

  // ---- start line ----
  const char* nl = static_cast<const char*>(memchr(base, '\n', b.size()));
  if (nl == nullptr) {
    r.status = 400;
    r.reason = "no line end after the start line";
    return r;
  }
  size_t eol = static_cast<size_t>(nl - base);
  std::string_view line = b.substr(0, eol);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  msg->start_line_ = line;

  if (line.size() >= 4 && EqualsNoCase(line.substr(0, 4), "SIP/")) {
    // Status-Line = SIP-Version SP Status-Code SP Reason-Phrase
    msg->is_request_ = false;
    size_t sp = line.find(' ');
    if (sp == std::string_view::npos) {
      r.status = 400;
      r.reason = "status line without a status code";
      return r;
    }
    msg->version_ = line.substr(0, sp);
    std::string_view rest = line.substr(sp + 1);
    if (rest.size() < 3 || !sipchars::IsDigit(rest[0]) || !sipchars::IsDigit(rest[1]) ||
        !sipchars::IsDigit(rest[2]) || (rest.size() > 3 && rest[3] != ' ')) {
      r.status = 400;
      r.reason = "status code is not three digits";
      return r;
    }
    msg->status_code_ = (rest[0] - '0') * 100 + (rest[1] - '0') * 10 + (rest[2] - '0');
    if (msg->status_code_ < 100 || msg->status_code_ > 699) {
      v.Fail(400, "status code out of range");
    }
    msg->reason_ = rest.size() > 4 ? rest.substr(4) : std::string_view();
    for (char c : msg->reason_) {
      if (c == '\r') v.Fail(400, "CR inside the reason phrase");
    }
    if (!IsSip20(msg->version_)) v.Fail(505, "SIP version not supported");
  } else {
    // Request-Line = Method SP Request-URI SP SIP-Version: single spaces only.
    size_t sp1 = line.find(' ');
    size_t sp2 = sp1 == std::string_view::npos ? sp1 : line.find(' ', sp1 + 1);
    if (sp1 == std::string_view::npos || sp2 == std::string_view::npos) {
      r.status = 400;
      r.reason = "request line needs method, Request-URI and version";
      return r;
    }
    msg->method_name_ = line.substr(0, sp1);
    msg->request_uri_ = line.substr(sp1 + 1, sp2 - sp1 - 1);
    msg->version_ = line.substr(sp2 + 1);
    msg->method_ = ParseMethod(msg->method_name_);
    if (!sipchars::IsTokenString(msg->method_name_)) {
      v.Fail(400, "method is not a token");
    }
    bool extra_ws = msg->request_uri_.find('\t') != std::string_view::npos ||
                    msg->version_.find_first_of(" \t") != std::string_view::npos;
    if (msg->request_uri_.empty() || extra_ws) {
      v.Fail(400, "extra whitespace in the request line");
    } else if (!IsSipVersionShape(msg->version_)) {
      v.Fail(400, "bad SIP version in the request line");
    } else if (!IsSip20(msg->version_)) {
      v.Fail(505, "SIP version not supported");
    }
    if (!msg->request_uri_.empty() && !extra_ws) {
      if (const char* why = CheckUri(msg->request_uri_, /*allow_headers=*/false)) {
        v.Fail(400, std::string("bad Request-URI: ") + why);
      }
    }
  }

  // ---- header lines ----
  msg->headers_.reserve(24);
  size_t pos = eol + 1;
  size_t body_start = b.size();
  // Offset of the current header's value start, to re-trim after folds.
  size_t value_start = 0;
  size_t header_line_start = 0;
  while (true) {
    if (pos >= b.size()) {
      // Lenient: the datagram ended right after the last header line.
      body_start = b.size();
      break;
    }
    if (b[pos] == '\n') {
      body_start = pos + 1;
      break;
    }
    if (b[pos] == '\r' && pos + 1 < b.size() && b[pos + 1] == '\n') {
      body_start = pos + 2;
      break;
    }
    const char* lf = static_cast<const char*>(memchr(base + pos, '\n', b.size() - pos));
    size_t line_end = lf != nullptr ? static_cast<size_t>(lf - base) : b.size();
    size_t content_end = line_end;
    if (content_end > pos && b[content_end - 1] == '\r') --content_end;

    if (b[pos] == ' ' || b[pos] == '\t') {
      // RFC 3261 7.3.1: a line starting with whitespace continues the header.
      if (msg->headers_.empty()) {
        v.Fail(400, "continuation line before any header");
      } else {
        SipHeader& h = msg->headers_.back();
        h.raw = b.substr(header_line_start, content_end - header_line_start);
        h.value = TrimWs(b.substr(value_start, content_end - value_start));
      }
    } else {
      size_t name_end = pos;
      while (name_end < content_end && sipchars::IsToken(b[name_end])) ++name_end;
      size_t colon = name_end;
      while (colon < content_end && (b[colon] == ' ' || b[colon] == '\t')) ++colon;
      if (name_end == pos || colon >= content_end || b[colon] != ':') {
        v.Fail(400, "malformed header line " + std::to_string(msg->headers_.size() + 2));
      } else if (msg->headers_.size() >= limits.max_headers) {
        v.Fail(400, "too many headers");
      } else {
        SipHeader h;
        h.name = std::string_view(base + pos, name_end - pos);
        h.id = LookupHeaderId(h.name);
        value_start = colon + 1;
        header_line_start = pos;
        h.value = TrimWs(std::string_view(base + value_start, content_end - value_start));
        h.raw = std::string_view(base + pos, content_end - pos);
        msg->headers_.push_back(h);
      }
    }
    pos = line_end + 1;
  }

  // ---- body / framing ----
  size_t available = body_start <= b.size() ? b.size() - body_start : 0;
  int cl_count = 0;
  for (const SipHeader& h : msg->headers_) {
    if (h.id == HeaderId::kContentLength) ++cl_count;
  }
  if (cl_count > 1) v.Fail(400, "more than one Content-Length header");
  if (cl_count >= 1) {
    auto cl = ParseDecimal(msg->Value(HeaderId::kContentLength), 1u << 30);
    if (!cl) {
      v.Fail(400, "bad Content-Length");
      msg->body_ = b.substr(body_start);
    } else {
      msg->content_length_ = static_cast<int64_t>(*cl);
      if (*cl > available) {
        v.Fail(400, "Content-Length " + std::to_string(*cl) + " exceeds the " +
                        std::to_string(available) + " body bytes received");
        msg->body_ = b.substr(body_start);
      } else {
        // Octets after Content-Length in a datagram are ignored (RFC 3261 18.3).
        msg->body_ = b.substr(body_start, static_cast<size_t>(*cl));
      }
    }
  } else {
    if (framing == Framing::kStream) v.Fail(400, "Content-Length is required over TCP");
    msg->body_ = b.substr(body_start);
  }
  if (b.size() > limits.max_message_bytes) v.Fail(513, "message too large");

  // ---- header semantics ----
  int seen[static_cast<size_t>(HeaderId::kCount)] = {};
  bool first_via = true;
  for (const SipHeader& h : msg->headers_) {
    size_t idx = static_cast<size_t>(h.id);
    if (h.id != HeaderId::kOther && ++seen[idx] > 1 && IsSingletonHeader(h.id) &&
        h.id != HeaderId::kContentLength) {
      v.Fail(400, "more than one " + std::string(HeaderName(h.id)) + " header");
    }
    switch (h.id) {
      case HeaderId::kVia: {
        bool ok = ForEachListElement(h.value, [&](std::string_view hop) {
          ++msg->via_count_;
          auto via = ParseViaHop(hop);
          if (!via) {
            v.Fail(400, "bad Via: " + via.error().message);
            return false;
          }
          if (first_via) {
            msg->top_via_ = *via;
            first_via = false;
          }
          return true;
        });
        if (!ok) v.Fail(400, "bad Via: empty or unbalanced list element");
        break;
      }
      case HeaderId::kFrom:
      case HeaderId::kTo: {
        auto na = ParseNameAddr(h.value);
        if (!na) {
          v.Fail(400, "bad " + std::string(HeaderName(h.id)) + ": " + na.error().message);
        } else if (seen[idx] == 1) {
          (h.id == HeaderId::kFrom ? msg->from_ : msg->to_) = *na;
        }
        break;
      }
      case HeaderId::kCallId:
        if (!IsValidCallId(h.value)) v.Fail(400, "bad Call-ID");
        if (seen[idx] == 1) msg->call_id_ = h.value;
        break;
      case HeaderId::kCSeq: {
        auto c = ParseCSeq(h.value);
        if (!c) {
          v.Fail(400, "bad CSeq: " + c.error().message);
        } else if (seen[idx] == 1) {
          msg->cseq_ = *c;
          msg->cseq_method_ = ParseMethod(c->method);
        }
        break;
      }
      case HeaderId::kMaxForwards: {
        auto mf = ParseDecimal(h.value, 255);
        if (!mf) {
          v.Fail(400, "bad Max-Forwards (0-255)");
        } else if (seen[idx] == 1) {
          msg->max_forwards_ = static_cast<int>(*mf);
        }
        break;
      }
      case HeaderId::kContact: {
        if (TrimWs(h.value) == "*") break;  // REGISTER wildcard
        bool ok = ForEachListElement(h.value, [&](std::string_view e) {
          auto na = ParseNameAddr(e);
          if (!na) v.Fail(400, "bad Contact: " + na.error().message);
          return static_cast<bool>(na);
        });
        if (!ok) v.Fail(400, "bad Contact list");
        break;
      }
      case HeaderId::kRoute:
      case HeaderId::kRecordRoute: {
        bool ok = ForEachListElement(h.value, [&](std::string_view e) {
          auto na = ParseNameAddr(e);
          if (!na || !na->bracketed) {
            v.Fail(400, "bad " + std::string(HeaderName(h.id)));
            return false;
          }
          return true;
        });
        if (!ok) v.Fail(400, "bad " + std::string(HeaderName(h.id)) + " list");
        break;
      }
      case HeaderId::kDate:
        if (!IsValidSipDate(h.value)) v.Fail(400, "bad Date (RFC 1123 form in GMT required)");
        break;
      case HeaderId::kContentType:
        if (!ParseMediaType(h.value)) v.Fail(400, "bad Content-Type");
        break;
      case HeaderId::kExpires:
        // Huge values are legal and mean "as long as possible" (RFC 3261 20.19).
        if (TrimWs(h.value).empty() ||
            TrimWs(h.value).find_first_not_of("0123456789") != std::string_view::npos) {
          v.Fail(400, "bad Expires");
        }
        break;
      case HeaderId::kRequire:
      case HeaderId::kProxyRequire:
      case HeaderId::kSupported:
      case HeaderId::kUnsupported:
        if (!TrimWs(h.value).empty() && !ForEachToken(h.value, [](std::string_view) {})) {
          v.Fail(400, "bad " + std::string(HeaderName(h.id)) + " option tags");
        }
        break;
      default:
        break;
    }
  }

  static constexpr struct {
    HeaderId id;
    const char* name;
  } kMandatory[] = {{HeaderId::kVia, "Via"},
                    {HeaderId::kFrom, "From"},
                    {HeaderId::kTo, "To"},
                    {HeaderId::kCallId, "Call-ID"},
                    {HeaderId::kCSeq, "CSeq"}};
  std::string missing;
  for (const auto& m : kMandatory) {
    if (seen[static_cast<size_t>(m.id)] == 0) {
      missing += missing.empty() ? m.name : std::string(", ") + m.name;
    }
  }
  if (!missing.empty()) v.Fail(400, "missing " + missing);

  if (msg->is_request_ && seen[static_cast<size_t>(HeaderId::kCSeq)] == 1 &&
      !msg->cseq_.method.empty() && msg->cseq_.method != msg->method_name_) {
    v.Fail(400, "CSeq method does not match the request method");
  }

  r.message = std::move(msg);
  return r;
}

}  // namespace chorus::b2bua
