#include "b2bua/sdp/sdp_attributes.h"

#include <arpa/inet.h>

#include <charconv>
#include <cmath>

#include "b2bua/sdp/sdp_text.h"

namespace chorus::b2bua {
namespace {

Error Bad(std::string_view attribute, std::string_view value, std::string_view why) {
  return MakeError(ErrorCode::kParse, "bad a=" + std::string(attribute) + ":" + Quote(value) +
                                          ": " + std::string(why));
}

bool IsDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// RFC 8866 9 FQDN, loosely: letters, digits, '-' and '.', with a letter in
// the last label so malformed IPv4 literals do not pass as names.
bool IsHostName(std::string_view s) {
  if (s.empty() || s.size() > 253 || s.front() == '.' || s.front() == '-') return false;
  bool letter_in_label = false;
  for (char c : s) {
    bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    if (c == '.') {
      letter_in_label = false;
    } else if (alpha) {
      letter_in_label = true;
    } else if (!(c >= '0' && c <= '9') && c != '-') {
      return false;
    }
  }
  return letter_in_label;
}

bool IsIpLiteral(std::string_view s, int family) {
  char buf[INET6_ADDRSTRLEN + 1];
  if (s.empty() || s.size() >= sizeof(buf)) return false;
  s.copy(buf, s.size());
  buf[s.size()] = '\0';
  unsigned char out[sizeof(in6_addr)];
  return inet_pton(family, buf, out) == 1;
}

char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

std::optional<int> FindPacketTime(const SdpMedia& media, std::string_view name) {
  const SdpAttribute* a = media.FindAttribute(name);
  if (a == nullptr || !a->has_value) return std::nullopt;
  auto v = ParsePacketTime(a->value);
  if (!v) return std::nullopt;
  return *v;
}

}  // namespace

Result<SdpConnection> ParseConnection(std::string_view value) {
  std::string_view f[3];
  if (SplitFields(value, f, 3) != 3) {
    return MakeError(ErrorCode::kParse, Quote(value) + " is not 'IN IP4|IP6 <address>'");
  }
  if (!EqualsIgnoreCase(f[0], "IN")) {
    return MakeError(ErrorCode::kParse, "network type " + Quote(f[0]) + " is not IN");
  }
  SdpConnection c;
  int family = 0;
  if (EqualsIgnoreCase(f[1], "IP4")) {
    c.addr_type = "IP4";
    family = AF_INET;
  } else if (EqualsIgnoreCase(f[1], "IP6")) {
    c.addr_type = "IP6";
    family = AF_INET6;
  } else {
    return MakeError(ErrorCode::kParse, "address type " + Quote(f[1]) + " is not IP4 or IP6");
  }
  std::string_view host = f[2];
  size_t slash = host.find('/');
  if (slash != std::string_view::npos) {
    std::string_view suffix = host.substr(slash + 1);
    host = host.substr(0, slash);
    size_t second = suffix.find('/');
    bool ok = IsDigits(suffix.substr(0, second)) &&
              (second == std::string_view::npos || IsDigits(suffix.substr(second + 1)));
    if (!ok) {
      return MakeError(ErrorCode::kParse,
                       "address " + Quote(f[2]) + " has a malformed '/ttl/count' suffix");
    }
    c.multicast_suffix = std::string(f[2].substr(slash));
  }
  if (!IsIpLiteral(host, family) && !IsHostName(host)) {
    return MakeError(ErrorCode::kParse,
                     "address " + Quote(host) + " is not an " + c.addr_type + " address");
  }
  c.address = std::string(host);
  return c;
}

std::optional<int> ParsePayloadType(std::string_view format) {
  uint64_t v = 0;
  if (!ParseUint(format, &v) || v > 127) return std::nullopt;
  return static_cast<int>(v);
}

Result<SdpRtpmap> ParseRtpmap(std::string_view value) {
  std::string_view f[2];
  if (SplitFields(value, f, 2) != 2) {
    return Bad("rtpmap", value, "expected '<pt> <encoding>/<clock rate>[/<channels>]'");
  }
  auto pt = ParsePayloadType(f[0]);
  if (!pt) return Bad("rtpmap", value, "payload type is not a number 0-127");
  SdpRtpmap r;
  r.payload_type = *pt;
  std::string_view enc = f[1];
  size_t slash = enc.find('/');
  if (slash == 0 || slash == std::string_view::npos) {
    return Bad("rtpmap", value, "missing '/<clock rate>'");
  }
  r.encoding = std::string(enc.substr(0, slash));
  std::string_view rate = enc.substr(slash + 1);
  std::string_view channels;
  size_t slash2 = rate.find('/');
  if (slash2 != std::string_view::npos) {
    channels = rate.substr(slash2 + 1);
    rate = rate.substr(0, slash2);
  }
  uint64_t v = 0;
  if (!ParseUint(rate, &v) || v == 0 || v > 10'000'000) {
    return Bad("rtpmap", value, "clock rate is not a positive number");
  }
  r.clock_rate_hz = static_cast<int>(v);
  if (slash2 != std::string_view::npos) {
    if (!ParseUint(channels, &v) || v == 0 || v > 255) {
      return Bad("rtpmap", value, "channel count is not a number 1-255");
    }
    r.channels = static_cast<int>(v);
  }
  return r;
}

std::string FormatRtpmap(const SdpRtpmap& r) {
  std::string out =
      std::to_string(r.payload_type) + " " + r.encoding + "/" + std::to_string(r.clock_rate_hz);
  if (r.channels != 0) out += "/" + std::to_string(r.channels);
  return out;
}

std::optional<SdpRtpmap> FindRtpmap(const SdpMedia& media, int payload_type) {
  auto rest = media.FormatAttribute("rtpmap", payload_type);
  if (!rest) return std::nullopt;
  // Reparse the whole value so every check lives in ParseRtpmap.
  auto r = ParseRtpmap(std::to_string(payload_type) + " " + std::string(*rest));
  if (!r) return std::nullopt;
  return *r;
}

FmtpParams FmtpParams::Parse(std::string_view params) {
  FmtpParams out;
  while (!params.empty() && out.items_.size() < kMaxParams) {
    size_t semi = params.find(';');
    std::string_view item = TrimSpace(params.substr(0, semi));
    params.remove_prefix(semi == std::string_view::npos ? params.size() : semi + 1);
    if (item.empty()) continue;
    size_t eq = item.find('=');
    std::string key(TrimSpace(item.substr(0, eq)));
    for (char& c : key) c = Lower(c);
    std::string value;
    if (eq != std::string_view::npos) value = std::string(TrimSpace(item.substr(eq + 1)));
    out.items_.emplace_back(std::move(key), std::move(value));
  }
  return out;
}

std::optional<std::string_view> FmtpParams::Get(std::string_view key) const {
  for (const auto& [k, v] : items_) {
    if (EqualsIgnoreCase(k, key)) return std::string_view(v);
  }
  return std::nullopt;
}

std::optional<int64_t> FmtpParams::GetInt(std::string_view key) const {
  auto v = Get(key);
  if (!v) return std::nullopt;
  uint64_t n = 0;
  if (!ParseUint(*v, &n) || n > static_cast<uint64_t>(INT64_MAX)) return std::nullopt;
  return static_cast<int64_t>(n);
}

std::string FmtpParams::ToString() const {
  std::string out;
  for (const auto& [k, v] : items_) {
    if (!out.empty()) out.push_back(';');
    out += k;
    if (!v.empty()) out += "=" + v;
  }
  return out;
}

FmtpParams FindFmtp(const SdpMedia& media, int payload_type) {
  auto rest = media.FormatAttribute("fmtp", payload_type);
  if (!rest) return FmtpParams();
  return FmtpParams::Parse(*rest);
}

Result<int> ParsePacketTime(std::string_view value) {
  value = TrimSpace(value);
  double ms = 0;
  auto r = std::from_chars(value.data(), value.data() + value.size(), ms);
  if (value.empty() || r.ec != std::errc() || r.ptr != value.data() + value.size() ||
      !std::isfinite(ms) || ms < 0.5 || ms > 1000) {
    return MakeError(ErrorCode::kParse,
                     "packet time " + Quote(value) + " is not a number of milliseconds 1-1000");
  }
  return static_cast<int>(std::lround(ms));
}

std::optional<int> FindPtimeMs(const SdpMedia& media) { return FindPacketTime(media, "ptime"); }

std::optional<int> FindMaxPtimeMs(const SdpMedia& media) {
  return FindPacketTime(media, "maxptime");
}

Result<SdpRtcp> ParseRtcp(std::string_view value) {
  std::string_view f[1];
  std::string_view rest;
  SplitFields(value, f, 1, &rest);
  uint64_t port = 0;
  if (!ParseUint(f[0], &port) || port > 65535) {
    return Bad("rtcp", value, "port is not a number 0-65535");
  }
  SdpRtcp out;
  out.port = static_cast<uint16_t>(port);
  if (!rest.empty()) {
    auto c = ParseConnection(rest);
    if (!c) return Bad("rtcp", value, c.error().message);
    out.connection = std::move(*c);
  }
  return out;
}

std::optional<SdpRtcp> FindRtcp(const SdpMedia& media) {
  const SdpAttribute* a = media.FindAttribute("rtcp");
  if (a == nullptr || !a->has_value) return std::nullopt;
  auto r = ParseRtcp(a->value);
  if (!r) return std::nullopt;
  return *r;
}

Result<SdpExtmap> ParseExtmap(std::string_view value) {
  std::string_view f[2];
  std::string_view rest;
  if (SplitFields(value, f, 2, &rest) != 2) {
    return Bad("extmap", value, "expected '<id>[/<direction>] <uri>'");
  }
  SdpExtmap out;
  std::string_view id = f[0];
  size_t slash = id.find('/');
  if (slash != std::string_view::npos) {
    out.direction = ParseSdpDirection(id.substr(slash + 1));
    if (!out.direction) return Bad("extmap", value, "unknown direction");
    id = id.substr(0, slash);
  }
  uint64_t n = 0;
  if (!ParseUint(id, &n) || n < 1 || n > 255 || n == 15) {
    return Bad("extmap", value, "id is not a number 1-14 or 16-255");
  }
  out.id = static_cast<int>(n);
  out.uri = std::string(f[1]);
  out.attributes = std::string(rest);
  return out;
}

std::string FormatExtmap(const SdpExtmap& e) {
  std::string out = std::to_string(e.id);
  if (e.direction) out += std::string("/") + SdpDirectionName(*e.direction);
  out += " " + e.uri;
  if (!e.attributes.empty()) out += " " + e.attributes;
  return out;
}

std::vector<SdpExtmap> FindExtmaps(const SdpMedia& media) {
  std::vector<SdpExtmap> out;
  for (const SdpAttribute& a : media.attributes) {
    if (!a.has_value || !EqualsIgnoreCase(a.name, "extmap")) continue;
    if (auto e = ParseExtmap(a.value)) out.push_back(std::move(*e));
  }
  return out;
}

}  // namespace chorus::b2bua
