#include "b2bua/sip/message/header_values.h"

#include <array>

#include "b2bua/sip/message/sip_chars.h"
#include "b2bua/sip/message/sip_uri.h"

namespace chorus::b2bua {

using sipchars::Cursor;

namespace internal {

std::string_view TrimWs(std::string_view s) { return sipchars::TrimWs(s); }
bool IsTokenString(std::string_view s) { return sipchars::IsTokenString(s); }

size_t ListElementEnd(std::string_view value, size_t pos) {
  // Only '"', '\\', '<', '>' and ',' matter; skip everything else quickly.
  static constexpr auto kSpecial = [] {
    std::array<bool, 256> t{};
    for (unsigned char c : std::string_view("\"\\<>,")) t[c] = true;
    return t;
  }();
  const char* p = value.data();
  const size_t n = value.size();
  bool in_quotes = false;
  bool in_angle = false;
  for (size_t i = pos; i < n; ++i) {
    char c = p[i];
    if (!kSpecial[static_cast<unsigned char>(c)]) continue;
    if (in_quotes) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_quotes = false;
      }
      continue;
    }
    if (in_angle) {
      if (c == '>') in_angle = false;
      continue;
    }
    if (c == '"') {
      in_quotes = true;
    } else if (c == '<') {
      in_angle = true;
    } else if (c == ',') {
      return i;
    }
  }
  if (in_quotes || in_angle) return std::string_view::npos;
  return n;
}

}  // namespace internal

namespace {

Error ParseError(std::string what) { return MakeError(ErrorCode::kParse, std::move(what)); }

// gen-value = token / host / quoted-string. Lenient on ':' so an IPv6
// address written without brackets (Via received, RFC 5118 4.5) passes.
bool GenValue(Cursor& c) {
  if (c.peek() == '"') return !c.QuotedString().empty();
  if (c.peek() == '[') {
    size_t start = c.pos();
    while (!c.done() && c.peek() != ']') c.Advance();
    if (!c.Consume(']')) {
      c.set_pos(start);
      return false;
    }
    return true;
  }
  size_t start = c.pos();
  while (!c.done() && (sipchars::IsToken(c.peek()) || c.peek() == ':')) c.Advance();
  return c.pos() > start;
}

// *(SEMI generic-param) until the end of the cursor's text; calls
// visit(name, value, has_value) for each parameter (one pass, so callers
// pick out the parameters they need without re-scanning).
template <typename Visit>
bool ParamsToEnd(Cursor& c, Visit&& visit) {
  while (true) {
    c.SkipWs();
    if (c.done()) return true;
    if (!c.Consume(';')) return false;
    c.SkipWs();
    std::string_view name = c.Token();
    if (name.empty()) return false;
    std::string_view value;
    bool has_value = false;
    if (c.Separator('=')) {
      size_t start = c.pos();
      if (!GenValue(c)) return false;
      value = c.text().substr(start, c.pos() - start);
      has_value = true;
    }
    visit(name, value, has_value);
  }
}

bool ParamsToEnd(Cursor& c) {
  return ParamsToEnd(c, [](std::string_view, std::string_view, bool) {});
}

bool IsWkday(std::string_view s) {
  for (std::string_view d : {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"}) {
    if (s == d) return true;
  }
  return false;
}

bool IsMonth(std::string_view s) {
  for (std::string_view m :
       {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}) {
    if (s == m) return true;
  }
  return false;
}

bool Digits(std::string_view s, size_t n) {
  if (s.size() != n) return false;
  for (char c : s) {
    if (!sipchars::IsDigit(c)) return false;
  }
  return true;
}

}  // namespace

std::optional<std::string_view> FindParam(std::string_view params, std::string_view name) {
  // Walks ";name[=value]" items honouring quoted values and whitespace.
  Cursor c(params);
  while (true) {
    c.SkipWs();
    if (c.done()) return std::nullopt;
    if (!c.Consume(';')) return std::nullopt;
    c.SkipWs();
    std::string_view key = c.Token();
    if (key.empty()) return std::nullopt;
    std::string_view value;
    if (c.Separator('=')) {
      size_t start = c.pos();
      if (!GenValue(c)) return std::nullopt;
      value = c.text().substr(start, c.pos() - start);
    }
    if (sipchars::EqualsNoCase(key, name)) return value;
  }
}

bool ValidParams(std::string_view params) {
  Cursor c(params);
  return ParamsToEnd(c);
}

Result<NameAddr> ParseNameAddr(std::string_view element) {
  NameAddr out;
  Cursor c(element);
  c.SkipWs();
  bool name_addr = false;
  if (c.peek() == '"') {
    out.display_name = c.QuotedString();
    if (out.display_name.empty()) return ParseError("unbalanced quotes in display name");
    c.SkipWs();
    if (c.peek() != '<') return ParseError("expected '<' after quoted display name");
    name_addr = true;
  } else if (c.peek() == '<') {
    name_addr = true;
  } else {
    // display-name = *(token LWS), then '<'; otherwise it is an addr-spec.
    size_t start = c.pos();
    size_t last_token_end = start;
    while (true) {
      std::string_view tok = c.Token();
      if (tok.empty()) break;
      last_token_end = c.pos();
      c.SkipWs();
    }
    if (c.peek() == '<' && last_token_end > start) {
      out.display_name = element.substr(start, last_token_end - start);
      name_addr = true;
    } else {
      c.set_pos(start);
    }
  }

  if (name_addr) {
    c.Consume('<');
    size_t uri_start = c.pos();
    size_t close = element.find('>', uri_start);
    if (close == std::string_view::npos) return ParseError("missing '>'");
    out.uri = element.substr(uri_start, close - uri_start);
    out.bracketed = true;
    if (out.uri.empty()) return ParseError("empty URI in <>");
    // LAQUOT = SWS "<" and RAQUOT = ">" SWS: no whitespace inside the brackets.
    if (sipchars::IsWsp(out.uri.front()) || sipchars::IsWsp(out.uri.back())) {
      return ParseError("whitespace inside <> around the URI");
    }
    if (const char* why = CheckUri(out.uri, /*allow_headers=*/true)) {
      return ParseError(std::string("bad URI: ") + why);
    }
    c.set_pos(close + 1);
  } else {
    size_t uri_start = c.pos();
    while (!c.done() && c.peek() != ';' && c.peek() != ',' && !sipchars::IsWsp(c.peek())) {
      c.Advance();
    }
    out.uri = element.substr(uri_start, c.pos() - uri_start);
    if (out.uri.empty()) return ParseError("missing URI");
    // RFC 3261 20.10: a URI with ',', '?' or ';' must be in <>.
    if (const char* why = CheckUri(out.uri, /*allow_headers=*/false)) {
      return ParseError(std::string("bad URI: ") + why);
    }
  }

  c.SkipWs();
  size_t params_start = c.pos();
  bool ok = ParamsToEnd(c, [&](std::string_view name, std::string_view value, bool) {
    if (!out.has_tag && name.size() == 3 && sipchars::EqualsNoCase(name, "tag")) {
      out.tag = value;
      out.has_tag = true;
    }
  });
  if (!ok) return ParseError("bad header parameters after the URI");
  out.params = element.substr(params_start);
  if (out.has_tag && !sipchars::IsTokenString(out.tag)) return ParseError("bad tag");
  return out;
}

Result<ViaHop> ParseViaHop(std::string_view element) {
  ViaHop hop;
  hop.text = element;
  Cursor c(element);
  c.SkipWs();
  size_t proto_start = c.pos();
  std::string_view name = c.Token();
  if (name.empty()) return ParseError("Via: missing protocol name");
  if (!c.Separator('/')) return ParseError("Via: expected '/' after protocol name");
  std::string_view version = c.Token();
  if (version.empty()) return ParseError("Via: missing protocol version");
  if (!c.Separator('/')) return ParseError("Via: expected '/' before transport");
  hop.protocol = element.substr(proto_start, c.pos() - proto_start);
  hop.transport = c.Token();
  if (hop.transport.empty()) return ParseError("Via: missing transport");
  if (!sipchars::EqualsNoCase(name, "SIP")) return ParseError("Via: protocol is not SIP");
  if (!c.SkipWs()) return ParseError("Via: expected whitespace before sent-by");
  size_t host_start = c.pos();
  if (c.peek() == '[') {
    c.Advance();
    size_t v6_start = c.pos();
    while (!c.done() && c.peek() != ']') c.Advance();
    if (!c.Consume(']')) return ParseError("Via: unterminated IPv6 reference");
    hop.host = element.substr(v6_start, c.pos() - 1 - v6_start);
    hop.host_is_ipv6 = true;
    if (hop.host.empty()) return ParseError("Via: empty IPv6 reference");
  } else {
    hop.host = c.Span(sipchars::kHost);
    if (hop.host.empty()) return ParseError("Via: missing sent-by host");
  }
  size_t sent_by_end = c.pos();
  if (c.Separator(':')) {
    std::string_view digits = c.Span(sipchars::kDigit);
    auto port = ParseDecimal(digits, 65535);
    if (digits.empty() || !port || *port == 0) return ParseError("Via: bad port");
    hop.port = static_cast<uint16_t>(*port);
    sent_by_end = c.pos();
  }
  hop.sent_by = element.substr(host_start, sent_by_end - host_start);
  size_t params_start = c.pos();
  bool ok = ParamsToEnd(c, [&](std::string_view name, std::string_view value, bool) {
    using sipchars::EqualsNoCase;
    if (!hop.has_branch && EqualsNoCase(name, "branch")) {
      hop.has_branch = true;
      hop.branch = value;
    } else if (!hop.has_received && EqualsNoCase(name, "received")) {
      hop.has_received = true;
      if (value.size() >= 2 && value.front() == '[' && value.back() == ']') {
        value = value.substr(1, value.size() - 2);
      }
      hop.received = value;
    } else if (!hop.has_rport && EqualsNoCase(name, "rport")) {
      hop.has_rport = true;
      hop.rport = value;
    } else if (hop.maddr.empty() && EqualsNoCase(name, "maddr")) {
      hop.maddr = value;
    }
  });
  if (!ok) return ParseError("Via: bad parameters");
  hop.params = element.substr(params_start);
  if (hop.has_branch && hop.branch.empty()) return ParseError("Via: empty branch");
  return hop;
}

Result<uint64_t> ParseDecimal(std::string_view value, uint64_t max) {
  std::string_view s = sipchars::TrimWs(value);
  if (s.empty()) return ParseError("expected a number");
  uint64_t v = 0;
  for (char ch : s) {
    if (!sipchars::IsDigit(ch)) return ParseError("expected a number");
    v = v * 10 + static_cast<uint64_t>(ch - '0');
    if (v > max) return ParseError("number out of range");
  }
  return v;
}

Result<CSeqValue> ParseCSeq(std::string_view value) {
  Cursor c(value);
  c.SkipWs();
  std::string_view digits = c.Span(sipchars::kDigit);
  if (digits.empty()) return ParseError("CSeq: missing sequence number");
  auto n = ParseDecimal(digits, 0x7fffffffu);
  if (!n) return ParseError("CSeq: sequence number must be below 2^31");
  if (!c.SkipWs()) return ParseError("CSeq: expected whitespace before method");
  CSeqValue out;
  out.number = static_cast<uint32_t>(*n);
  out.method = c.Token();
  if (out.method.empty()) return ParseError("CSeq: missing method");
  c.SkipWs();
  if (!c.done()) return ParseError("CSeq: unexpected text after method");
  return out;
}

bool IsValidCallId(std::string_view value) {
  std::string_view s = sipchars::TrimWs(value);
  if (s.empty()) return false;
  size_t at = s.find('@');
  std::string_view first = s.substr(0, at);
  auto word = [](std::string_view w) {
    if (w.empty()) return false;
    for (char c : w) {
      if (!sipchars::Is(c, sipchars::kWord)) return false;
    }
    return true;
  };
  if (!word(first)) return false;
  return at == std::string_view::npos || word(s.substr(at + 1));
}

bool IsValidSipDate(std::string_view value) {
  // "Sat, 13 Nov 2010 23:29:00 GMT"
  std::string_view s = sipchars::TrimWs(value);
  if (s.size() != 29) return false;
  return IsWkday(s.substr(0, 3)) && s.substr(3, 2) == ", " && Digits(s.substr(5, 2), 2) &&
         s[7] == ' ' && IsMonth(s.substr(8, 3)) && s[11] == ' ' && Digits(s.substr(12, 4), 4) &&
         s[16] == ' ' && Digits(s.substr(17, 2), 2) && s[19] == ':' &&
         Digits(s.substr(20, 2), 2) && s[22] == ':' && Digits(s.substr(23, 2), 2) &&
         s.substr(25) == " GMT";
}

Result<MediaType> ParseMediaType(std::string_view value) {
  Cursor c(value);
  c.SkipWs();
  MediaType mt;
  mt.type = c.Token();
  if (mt.type.empty() || !c.Separator('/')) return ParseError("bad media type");
  mt.subtype = c.Token();
  if (mt.subtype.empty()) return ParseError("bad media subtype");
  size_t params_start = c.pos();
  if (!ParamsToEnd(c)) return ParseError("bad media type parameters");
  mt.params = sipchars::TrimWs(value.substr(params_start));
  return mt;
}

}  // namespace chorus::b2bua
