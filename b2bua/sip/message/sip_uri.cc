#include "b2bua/sip/message/sip_uri.h"

#include <charconv>
#include <cstring>

#include "b2bua/sip/message/sip_chars.h"

namespace chorus::b2bua {
namespace {

using sipchars::Is;

Error UriError(std::string_view text, const char* why) {
  std::string shown(text.substr(0, 80));
  return MakeError(ErrorCode::kParse, std::string("bad URI '") + shown + "': " + why);
}

// Every char in `s` is in `cls` or part of a valid %XX escape.
bool CharsOk(std::string_view s, uint16_t cls) {
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '%') {
      if (i + 2 >= s.size()) return false;
      if (sipchars::HexValue(s[i + 1]) < 0 || sipchars::HexValue(s[i + 2]) < 0) return false;
      i += 2;
      continue;
    }
    if (!Is(c, cls)) return false;
  }
  return true;
}

// IPv6reference contents: hex digits, ':' and '.', with at least two colons.
// Deliberately lenient about "::" placement (RFC 5118 4.10 asks receivers to
// accept the three-colon form an old ABNF allowed).
bool LooksLikeIpv6(std::string_view s) {
  if (s.size() < 2 || s.size() > 45) return false;
  int colons = 0;
  for (char c : s) {
    if (c == ':') {
      ++colons;
    } else if (!(Is(c, sipchars::kHex) || c == '.')) {
      return false;
    }
  }
  return colons >= 2;
}

bool ParseScheme(std::string_view text, std::string_view* scheme, std::string_view* rest) {
  size_t colon = text.find(':');
  if (colon == std::string_view::npos || colon == 0) return false;
  std::string_view s = text.substr(0, colon);
  if (!((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z'))) return false;
  for (char c : s) {
    if (!(Is(c, sipchars::kAlnum) || c == '+' || c == '-' || c == '.')) return false;
  }
  *scheme = s;
  *rest = text.substr(colon + 1);
  return true;
}

}  // namespace

std::optional<std::string_view> SipUri::Param(std::string_view name) const {
  std::string_view p = params;
  while (!p.empty()) {
    if (p.front() == ';') p.remove_prefix(1);
    size_t end = p.find(';');
    std::string_view item = p.substr(0, end);
    size_t eq = item.find('=');
    std::string_view key = item.substr(0, eq);
    if (sipchars::EqualsNoCase(key, name)) {
      return eq == std::string_view::npos ? std::string_view() : item.substr(eq + 1);
    }
    if (end == std::string_view::npos) break;
    p.remove_prefix(end);
  }
  return std::nullopt;
}

namespace {

// Fills `uri`; nullptr on success, else a static reason.
const char* ParseUriImpl(std::string_view text, bool allow_headers, SipUri& uri) {
  uri.text = text;
  if (text.empty()) return "empty";
  if (text.size() > 4096) return "too long";
  std::string_view rest;
  if (!ParseScheme(text, &uri.scheme_text, &rest)) return "no valid scheme";
  if (sipchars::EqualsNoCase(uri.scheme_text, "sip")) {
    uri.scheme = UriScheme::kSip;
  } else if (sipchars::EqualsNoCase(uri.scheme_text, "sips")) {
    uri.scheme = UriScheme::kSips;
  } else {
    uri.scheme = sipchars::EqualsNoCase(uri.scheme_text, "tel") ? UriScheme::kTel
                                                                  : UriScheme::kOther;
    if (rest.empty()) return "empty after scheme";
    for (char c : rest) {
      unsigned char u = static_cast<unsigned char>(c);
      if (u <= 0x20 || u >= 0x7f || c == '<' || c == '>' || c == '"') {
        return "character not allowed in a URI";
      }
    }
    uri.opaque = rest;
    return nullptr;
  }

  // headers
  // No '@' may appear unescaped after the userinfo, so the last one ends it;
  // a '?' after that starts the headers ('?' is legal inside a user part).
  // memrchr/memchr: the URI scan is a measurable part of BM_ParseInvite.
  const void* at_ptr = memrchr(rest.data(), '@', rest.size());
  size_t at = at_ptr != nullptr ? static_cast<size_t>(static_cast<const char*>(at_ptr) - rest.data())
                                : std::string_view::npos;
  size_t q_from = at == std::string_view::npos ? 0 : at + 1;
  const void* q_ptr = memchr(rest.data() + q_from, '?', rest.size() - q_from);
  size_t q = q_ptr != nullptr ? static_cast<size_t>(static_cast<const char*>(q_ptr) - rest.data())
                              : std::string_view::npos;
  std::string_view before_headers = rest;
  if (q != std::string_view::npos) {
    uri.headers = rest.substr(q + 1);
    before_headers = rest.substr(0, q);
    if (!allow_headers) return "headers are not allowed here";
    if (uri.headers.empty()) return "empty headers part";
    // header = hname "=" hvalue, joined by '&'
    std::string_view h = uri.headers;
    while (true) {
      size_t amp = h.find('&');
      std::string_view item = h.substr(0, amp);
      size_t eq = item.find('=');
      if (eq == 0 || eq == std::string_view::npos) return "bad header in URI";
      uint16_t cls = sipchars::kUnreserved | sipchars::kHnvExtra;
      if (!CharsOk(item.substr(0, eq), cls) || !CharsOk(item.substr(eq + 1), cls)) {
        return "bad character in URI header";
      }
      if (amp == std::string_view::npos) break;
      h.remove_prefix(amp + 1);
    }
  }

  // userinfo
  std::string_view hostpart = before_headers;
  if (at != std::string_view::npos) {
    std::string_view userinfo = before_headers.substr(0, at);
    hostpart = before_headers.substr(at + 1);
    size_t colon = userinfo.find(':');
    uri.user = userinfo.substr(0, colon);
    if (colon != std::string_view::npos) {
      uri.password = userinfo.substr(colon + 1);
      if (!CharsOk(uri.password, sipchars::kUnreserved | sipchars::kPassExtra)) {
        return "bad character in password";
      }
    }
    if (uri.user.empty()) return "empty user before '@'";
    if (!CharsOk(uri.user, sipchars::kUnreserved | sipchars::kUserExtra)) {
      return "bad character in user part";
    }
    uri.has_user = true;
  }

  // host [":" port] *(";" param)
  std::string_view hp = hostpart;
  size_t host_end;
  if (!hp.empty() && hp.front() == '[') {
    size_t close = hp.find(']');
    if (close == std::string_view::npos) return "unterminated IPv6 reference";
    uri.host = hp.substr(1, close - 1);
    uri.host_is_ipv6 = true;
    if (!LooksLikeIpv6(uri.host)) return "bad IPv6 reference";
    host_end = close + 1;
  } else {
    host_end = 0;
    const char* h = hp.data();
    const size_t hn = hp.size();
    while (host_end < hn && Is(h[host_end], sipchars::kHost)) ++host_end;
    uri.host = std::string_view(h, host_end);
    if (host_end == 0 || host_end > 255 || h[0] == '.' || h[0] == '-') return "bad host";
  }
  std::string_view after = hp.substr(host_end);
  if (!after.empty() && after.front() == ':') {
    after.remove_prefix(1);
    size_t digits = 0;
    while (digits < after.size() && sipchars::IsDigit(after[digits])) ++digits;
    unsigned port = 0;
    auto r = std::from_chars(after.data(), after.data() + digits, port);
    if (digits == 0 || digits > 5 || r.ec != std::errc() || port > 65535 || port == 0) {
      return "bad port";
    }
    uri.port = static_cast<uint16_t>(port);
    after.remove_prefix(digits);
  }
  if (!after.empty()) {
    if (after.front() != ';') return "unexpected character after host";
    uri.params = after;
    std::string_view p = after;
    while (!p.empty()) {
      p.remove_prefix(1);  // ';'
      size_t end = p.find(';');
      std::string_view item = p.substr(0, end);
      size_t eq = item.find('=');
      std::string_view name = item.substr(0, eq);
      uint16_t cls = sipchars::kUnreserved | sipchars::kParamExtra;
      if (name.empty() || !CharsOk(name, cls)) return "bad URI parameter";
      if (eq != std::string_view::npos) {
        std::string_view value = item.substr(eq + 1);
        if (value.empty() || !CharsOk(value, cls)) return "bad URI parameter value";
      }
      if (end == std::string_view::npos) break;
      p.remove_prefix(end);
    }
  }
  return nullptr;
}

}  // namespace

Result<SipUri> ParseUri(std::string_view text, bool allow_headers) {
  SipUri uri;
  const char* why = ParseUriImpl(text, allow_headers, uri);
  if (why != nullptr) return UriError(text, why);
  return uri;
}

const char* CheckUri(std::string_view text, bool allow_headers) {
  SipUri uri;
  return ParseUriImpl(text, allow_headers, uri);
}

std::string UnescapeUri(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size()) {
      int hi = sipchars::HexValue(text[i + 1]);
      int lo = sipchars::HexValue(text[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out += static_cast<char>(hi * 16 + lo);
        i += 2;
        continue;
      }
    }
    out += text[i];
  }
  return out;
}

bool UriEquivalent(const SipUri& a, const SipUri& b) {
  if (!a.is_sip() || !b.is_sip()) {
    return sipchars::EqualsNoCase(a.scheme_text, b.scheme_text) && a.opaque == b.opaque;
  }
  if (a.scheme != b.scheme) return false;
  // userinfo: case-sensitive after unescaping.
  if (a.has_user != b.has_user) return false;
  if (UnescapeUri(a.user) != UnescapeUri(b.user)) return false;
  if (UnescapeUri(a.password) != UnescapeUri(b.password)) return false;
  if (!sipchars::EqualsNoCase(a.host, b.host)) return false;
  if (a.port != b.port) return false;  // an explicit 5060 differs from none
  // user, ttl, method, maddr, transport: present in one => must match in both.
  for (std::string_view name : {"user", "ttl", "method", "maddr", "transport"}) {
    auto pa = a.Param(name);
    auto pb = b.Param(name);
    if (pa.has_value() != pb.has_value()) return false;
    if (pa && !sipchars::EqualsNoCase(UnescapeUri(*pa), UnescapeUri(*pb))) return false;
  }
  // Other parameters present in both must match.
  std::string_view p = a.params;
  while (!p.empty()) {
    p.remove_prefix(1);
    size_t end = p.find(';');
    std::string_view item = p.substr(0, end);
    std::string_view name = item.substr(0, item.find('='));
    auto pa = a.Param(name);
    auto pb = b.Param(name);
    if (pa && pb && !sipchars::EqualsNoCase(UnescapeUri(*pa), UnescapeUri(*pb))) return false;
    if (end == std::string_view::npos) break;
    p.remove_prefix(end);
  }
  return a.headers == b.headers;
}

std::string FormatHostPort(std::string_view host, bool is_ipv6, uint16_t port) {
  std::string out;
  if (is_ipv6) {
    out += '[';
    out += host;
    out += ']';
  } else {
    out += host;
  }
  if (port != 0) {
    out += ':';
    out += std::to_string(port);
  }
  return out;
}

}  // namespace chorus::b2bua
