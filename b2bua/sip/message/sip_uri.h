#pragma once

// SipUri: a parsed URI as it appears in a Request-URI or a name-addr
// (RFC 3261 19.1, RFC 3986 absoluteURI). sip: and sips: URIs are parsed in
// full; other schemes (tel:, http:, unknown ones) are checked for the
// absoluteURI shape only and kept opaque. The fields are views into the
// text passed to ParseUri; the caller keeps that text alive.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "media/base/result.h"

namespace chorus::b2bua {

enum class UriScheme : uint8_t { kSip, kSips, kTel, kOther };

struct SipUri {
  std::string_view text;  // the whole URI
  UriScheme scheme = UriScheme::kOther;
  std::string_view scheme_text;
  // sip/sips only:
  bool has_user = false;
  std::string_view user;      // still %-escaped
  std::string_view password;  // still %-escaped
  std::string_view host;      // without [] for IPv6
  bool host_is_ipv6 = false;
  uint16_t port = 0;  // 0 = not given
  std::string_view params;   // ";a=b;c" (raw, with the leading ';'), or ""
  std::string_view headers;  // "a=b&c=d" (raw, without '?'), or ""
  // other schemes: everything after "scheme:".
  std::string_view opaque;

  bool is_sip() const { return scheme == UriScheme::kSip || scheme == UriScheme::kSips; }
  // Value of a URI parameter (case-insensitive name): nullopt when absent,
  // "" for a parameter without a value.
  std::optional<std::string_view> Param(std::string_view name) const;
  bool HasParam(std::string_view name) const { return Param(name).has_value(); }
  // Port to use when none is given: 5061 for sips, else 5060.
  uint16_t PortOrDefault() const {
    return port != 0 ? port : (scheme == UriScheme::kSips ? 5061 : 5060);
  }
};

// Parses a URI. `allow_headers` = false rejects a '?' headers part (a
// Request-URI must not have one, RFC 3261 19.1.1 table 1).
Result<SipUri> ParseUri(std::string_view text, bool allow_headers = true);

// Checks a URI without returning it: nullptr when valid, else a static
// description of the fault. Cheaper than ParseUri for validation.
const char* CheckUri(std::string_view text, bool allow_headers);

// %XX-decodes; invalid escapes are copied as they are.
std::string UnescapeUri(std::string_view text);

// RFC 3261 19.1.4 comparison of two sip/sips URIs.
bool UriEquivalent(const SipUri& a, const SipUri& b);

// "host" or "[v6]" (with brackets), ":port" appended when given.
std::string FormatHostPort(std::string_view host, bool is_ipv6, uint16_t port);

}  // namespace chorus::b2bua
