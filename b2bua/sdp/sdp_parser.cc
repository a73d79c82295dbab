#include "b2bua/sdp/sdp_parser.h"

#include <charconv>
#include <string>
#include <vector>

#include "b2bua/sdp/sdp_attributes.h"
#include "b2bua/sdp/sdp_text.h"

namespace chorus::b2bua {
namespace {

// RFC 8866 9: token-char.
bool IsTokenChar(char c) {
  auto u = static_cast<unsigned char>(c);
  return u == 0x21 || (u >= 0x23 && u <= 0x27) || u == 0x2A || u == 0x2B || u == 0x2D ||
         u == 0x2E || (u >= 0x30 && u <= 0x39) || (u >= 0x41 && u <= 0x5A) ||
         (u >= 0x5E && u <= 0x7E);
}

bool IsToken(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!IsTokenChar(c)) return false;
  }
  return true;
}

// proto = token *("/" token)
bool IsProto(std::string_view s) {
  if (s.empty() || s.front() == '/' || s.back() == '/') return false;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '/') {
      if (s[i + 1] == '/') return false;
    } else if (!IsTokenChar(s[i])) {
      return false;
    }
  }
  return true;
}

bool IsDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

class Parser {
 public:
  explicit Parser(const SdpParseLimits& limits) : limits_(limits) {}

  Result<SdpSession> Run(std::string_view text);

 private:
  Error Fail(std::string what) const {
    return MakeError(ErrorCode::kParse, "line " + std::to_string(line_no_) + ": " + what);
  }
  Result<void> Line(char type, std::string_view value);
  Result<void> SessionLine(char type, std::string_view value);
  Result<void> MediaSectionLine(char type, std::string_view value);
  Result<void> Version(std::string_view value);
  Result<void> Origin(std::string_view value);
  Result<SdpConnection> Connection(std::string_view value) const;
  Result<SdpBandwidth> Bandwidth(std::string_view value) const;
  Result<SdpTiming> Timing(std::string_view value) const;
  Result<SdpAttribute> Attribute(std::string_view value) const;
  Result<SdpMedia> MediaLine(std::string_view value) const;
  Result<void> Finish();

  const SdpParseLimits& limits_;
  size_t line_no_ = 0;
  SdpSession s_;
  bool seen_v_ = false;
  bool seen_o_ = false;
  bool seen_s_ = false;
  std::vector<size_t> media_line_no_;
};

Result<SdpSession> Parser::Run(std::string_view text) {
  if (text.size() > limits_.max_bytes) {
    return MakeError(ErrorCode::kParse, "body of " + std::to_string(text.size()) +
                                            " bytes exceeds the limit of " +
                                            std::to_string(limits_.max_bytes));
  }
  while (!text.empty()) {
    size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
    ++line_no_;
    if (line_no_ > limits_.max_lines) {
      return Fail("more than " + std::to_string(limits_.max_lines) + " lines");
    }
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    line = TrimTrailingSpace(line);
    if (line.empty()) continue;
    if (line.size() > limits_.max_line_bytes) {
      return Fail("line longer than " + std::to_string(limits_.max_line_bytes) + " bytes");
    }
    if (line.find('\0') != std::string_view::npos || line.find('\r') != std::string_view::npos) {
      return Fail("NUL or CR inside a line");
    }
    if (line.size() < 2 || line[1] != '=' || line[0] < 'a' || line[0] > 'z') {
      return Fail("expected '<letter>=<value>', got " + Quote(line));
    }
    auto r = Line(line[0], line.substr(2));
    if (!r) return r.error();
  }
  auto r = Finish();
  if (!r) return r.error();
  return std::move(s_);
}

Result<void> Parser::Line(char type, std::string_view value) {
  if (!seen_v_) {
    if (type != 'v')
      return Fail("expected v=0 as the first line, got a " + std::string(1, type) + "= line");
    return Version(value);
  }
  if (type == 'v') return Fail("duplicate v= line");
  if (type == 'm') {
    if (s_.media.size() >= limits_.max_media) {
      return Fail("more than " + std::to_string(limits_.max_media) + " m= lines");
    }
    auto m = MediaLine(value);
    if (!m) return m.error();
    s_.media.push_back(std::move(*m));
    media_line_no_.push_back(line_no_);
    return Ok();
  }
  if (s_.media.empty()) return SessionLine(type, value);
  return MediaSectionLine(type, value);
}

Result<void> Parser::Version(std::string_view value) {
  seen_v_ = true;
  if (value != "0") return Fail("unsupported SDP version " + Quote(value) + " (expected v=0)");
  s_.version = 0;
  return Ok();
}

Result<void> Parser::SessionLine(char type, std::string_view value) {
  switch (type) {
    case 'o':
      return Origin(value);
    case 's':
      if (seen_s_) return Fail("duplicate s= line");
      seen_s_ = true;
      s_.name = value.empty() ? "-" : std::string(value);
      return Ok();
    case 'i':
      if (s_.info) return Fail("duplicate session-level i= line");
      s_.info = std::string(value);
      return Ok();
    case 'u':
      if (s_.uri) return Fail("duplicate u= line");
      s_.uri = std::string(value);
      return Ok();
    case 'e':
      s_.emails.emplace_back(value);
      return Ok();
    case 'p':
      s_.phones.emplace_back(value);
      return Ok();
    case 'c': {
      if (s_.connection) return Fail("duplicate session-level c= line");
      auto c = Connection(value);
      if (!c) return c.error();
      s_.connection = std::move(*c);
      return Ok();
    }
    case 'b': {
      auto b = Bandwidth(value);
      if (!b) return b.error();
      s_.bandwidths.push_back(std::move(*b));
      return Ok();
    }
    case 't': {
      auto t = Timing(value);
      if (!t) return t.error();
      s_.timings.push_back(std::move(*t));
      return Ok();
    }
    case 'r':
      if (s_.timings.empty()) return Fail("r= line without a preceding t= line");
      s_.timings.back().repeats.emplace_back(value);
      return Ok();
    case 'z':
      if (s_.zones) return Fail("duplicate z= line");
      s_.zones = std::string(value);
      return Ok();
    case 'k':
      if (s_.key) return Fail("duplicate session-level k= line");
      s_.key = std::string(value);
      return Ok();
    case 'a': {
      auto a = Attribute(value);
      if (!a) return a.error();
      s_.attributes.push_back(std::move(*a));
      return Ok();
    }
    default:
      return Fail(std::string("unknown line type '") + type + "='");
  }
}

Result<void> Parser::MediaSectionLine(char type, std::string_view value) {
  SdpMedia& m = s_.media.back();
  switch (type) {
    case 'i':
      if (m.title) return Fail("duplicate i= line in m=" + m.media);
      m.title = std::string(value);
      return Ok();
    case 'c': {
      if (m.connection) return Fail("duplicate c= line in m=" + m.media);
      auto c = Connection(value);
      if (!c) return c.error();
      m.connection = std::move(*c);
      return Ok();
    }
    case 'b': {
      auto b = Bandwidth(value);
      if (!b) return b.error();
      m.bandwidths.push_back(std::move(*b));
      return Ok();
    }
    case 'k':
      if (m.key) return Fail("duplicate k= line in m=" + m.media);
      m.key = std::string(value);
      return Ok();
    case 'a': {
      auto a = Attribute(value);
      if (!a) return a.error();
      m.attributes.push_back(std::move(*a));
      return Ok();
    }
    case 'o':
    case 's':
    case 'u':
    case 'e':
    case 'p':
    case 't':
    case 'r':
    case 'z':
      return Fail(std::string(1, type) + "= line not allowed after the first m= line");
    default:
      return Fail(std::string("unknown line type '") + type + "='");
  }
}

Result<void> Parser::Origin(std::string_view value) {
  if (seen_o_) return Fail("duplicate o= line");
  seen_o_ = true;
  std::string_view f[6];
  if (SplitFields(value, f, 6) != 6) {
    return Fail("bad o= line " + Quote(value) +
                ": expected '<username> <sess-id> <sess-version> <nettype> <addrtype> "
                "<address>'");
  }
  s_.origin = SdpOrigin{std::string(f[0]), std::string(f[1]), std::string(f[2]),
                        std::string(f[3]), std::string(f[4]), std::string(f[5])};
  return Ok();
}

Result<SdpConnection> Parser::Connection(std::string_view value) const {
  auto c = ParseConnection(value);
  if (!c) return Fail("bad c= line: " + c.error().message);
  return c;
}

Result<SdpBandwidth> Parser::Bandwidth(std::string_view value) const {
  size_t colon = value.find(':');
  std::string_view type = value.substr(0, colon);
  std::string_view amount = colon == std::string_view::npos ? "" : value.substr(colon + 1);
  uint64_t v = 0;
  if (!IsToken(type) || !ParseUint(amount, &v)) {
    return Fail("bad b= line " + Quote(value) + ": expected '<bwtype>:<number>'");
  }
  return SdpBandwidth{std::string(type), v};
}

Result<SdpTiming> Parser::Timing(std::string_view value) const {
  std::string_view f[2];
  if (SplitFields(value, f, 2) != 2 || !IsDigits(f[0]) || !IsDigits(f[1]) || f[0].size() > 20 ||
      f[1].size() > 20) {
    return Fail("bad t= line " + Quote(value) + ": expected '<start> <stop>'");
  }
  return SdpTiming{std::string(f[0]), std::string(f[1]), {}};
}

Result<SdpAttribute> Parser::Attribute(std::string_view value) const {
  size_t colon = value.find(':');
  SdpAttribute a;
  std::string_view name = value.substr(0, colon);
  if (!IsToken(name)) return Fail("bad a= line " + Quote(value) + ": bad attribute name");
  a.name = std::string(name);
  if (colon != std::string_view::npos) {
    a.has_value = true;
    a.value = std::string(value.substr(colon + 1));
  }
  return a;
}

Result<SdpMedia> Parser::MediaLine(std::string_view value) const {
  std::string_view f[3];
  std::string_view rest = value;
  if (SplitFields(value, f, 3, &rest) != 3) {
    return Fail("bad m= line " + Quote(value) + ": expected '<media> <port> <proto> <fmt> ...'");
  }
  SdpMedia m;
  if (!IsToken(f[0])) return Fail("bad m= line: media type " + Quote(f[0]) + " is not a token");
  m.media = std::string(f[0]);
  std::string_view port = f[1];
  std::string_view count;
  size_t slash = port.find('/');
  if (slash != std::string_view::npos) {
    count = port.substr(slash + 1);
    port = port.substr(0, slash);
  }
  uint64_t v = 0;
  if (!ParseUint(port, &v) || v > 65535) {
    return Fail("bad m= line: port " + Quote(f[1]) + " is not a number 0-65535");
  }
  m.port = static_cast<uint16_t>(v);
  if (slash != std::string_view::npos) {
    if (!ParseUint(count, &v) || v < 1 || v > 65535) {
      return Fail("bad m= line: port count " + Quote(f[1]) + " is not a number 1-65535");
    }
    m.port_count = static_cast<uint16_t>(v);
  }
  if (!IsProto(f[2])) return Fail("bad m= line: proto " + Quote(f[2]) + " is malformed");
  m.proto = std::string(f[2]);
  bool rtp = m.IsRtp();
  while (!rest.empty()) {
    std::string_view fmt[1];
    SplitFields(rest, fmt, 1, &rest);
    if (fmt[0].empty()) break;
    if (m.formats.size() >= limits_.max_formats) {
      return Fail("m=" + m.media + " lists more than " + std::to_string(limits_.max_formats) +
                  " formats");
    }
    if (!rtp) {
      if (!IsToken(fmt[0])) return Fail("bad m= line: format " + Quote(fmt[0]) + " is malformed");
      m.formats.emplace_back(fmt[0]);
      continue;
    }
    if (!ParseUint(fmt[0], &v)) {
      return Fail("bad m= line: payload type " + Quote(fmt[0]) + " of " + m.proto +
                  " is not a number");
    }
    if (v > 127) {
      return Fail("bad m= line: payload type " + Quote(fmt[0]) + " is out of range 0-127");
    }
    m.formats.push_back(std::to_string(v));
  }
  if (m.formats.empty() && m.port != 0) return Fail("bad m= line: no formats listed");
  return m;
}

Result<void> Parser::Finish() {
  if (!seen_v_) return MakeError(ErrorCode::kParse, "empty body: no v= line");
  if (!seen_o_) return MakeError(ErrorCode::kParse, "missing o= line");
  if (s_.timings.empty()) s_.timings.push_back(SdpTiming{});
  for (size_t i = 0; i < s_.media.size(); ++i) {
    const SdpMedia& m = s_.media[i];
    if (m.port != 0 && s_.EffectiveConnection(m) == nullptr) {
      return MakeError(ErrorCode::kParse,
                       "line " + std::to_string(media_line_no_[i]) + ": m=" + m.media +
                           " has no connection address (no c= line at session or media level)");
    }
  }
  return Ok();
}

}  // namespace

Result<SdpSession> ParseSdp(std::string_view text, const SdpParseLimits& limits) {
  return Parser(limits).Run(text);
}

}  // namespace chorus::b2bua
