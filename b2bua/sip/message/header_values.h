#pragma once

// Parsers for the structured header values the SIP core needs (RFC 3261
// section 25 grammar): comma lists, generic parameters, name-addr /
// addr-spec (From, To, Contact, Route, Record-Route), Via hops, CSeq,
// numbers, Call-ID, Date, media types and option-tag lists. All results are
// views into the value passed in. Header values may still contain line
// folds; every parser treats CR/LF as whitespace (see sip_chars.h).

#include <cstdint>
#include <optional>
#include <string_view>

#include "media/base/result.h"

namespace chorus::b2bua {

// Calls `fn(element)` for each top-level comma-separated element of a list
// header (commas inside quotes, <...> and IPv6 brackets do not split).
// Elements are trimmed. Returns false (after calling fn for the elements
// before it) when an element is empty or a quote is unbalanced. `fn`
// returns false to stop early.
template <typename Fn>
bool ForEachListElement(std::string_view value, Fn&& fn);

// Finds a ";name[=value]" parameter in a raw parameter string (as kept in
// NameAddr::params or ViaHop::params; leading ';' optional). nullopt when
// absent, "" when present without a value. Case-insensitive name.
std::optional<std::string_view> FindParam(std::string_view params, std::string_view name);

// Validates `*(SEMI generic-param)` starting at the first ';' (or empty).
bool ValidParams(std::string_view params);

struct NameAddr {
  std::string_view display_name;  // as written (quoted or not), "" when none
  std::string_view uri;           // inside <> or the bare addr-spec
  bool bracketed = false;
  std::string_view params;  // ";tag=x;expires=3" raw, or ""
  std::string_view tag;     // tag parameter value, "" when absent
  bool has_tag = false;
  std::optional<std::string_view> Param(std::string_view name) const {
    return FindParam(params, name);
  }
};

// One element of From/To/Contact/Route/Record-Route/Reply-To. Checks the
// URI shape as well (ParseUri). A bare addr-spec ends at ';', ',' or
// whitespace, so it cannot carry URI parameters or headers (RFC 3261 20.10).
Result<NameAddr> ParseNameAddr(std::string_view element);

struct ViaHop {
  std::string_view text;  // the whole via-parm
  std::string_view protocol;   // "SIP/2.0" pieces
  std::string_view transport;  // "UDP", "TCP", "TLS", ...
  std::string_view host;       // without [] for IPv6
  bool host_is_ipv6 = false;
  uint16_t port = 0;  // 0 when absent
  std::string_view params;
  bool has_branch = false;
  std::string_view branch;
  bool has_received = false;
  std::string_view received;  // without [] even if sent with them
  bool has_rport = false;
  std::string_view rport;  // "" when sent as a flag
  std::string_view maddr;
  // sent-by as written ("host:port"), for transaction matching.
  std::string_view sent_by;
};

// One via-parm: sent-protocol LWS sent-by *(SEMI via-params).
Result<ViaHop> ParseViaHop(std::string_view element);

struct CSeqValue {
  uint32_t number = 0;
  std::string_view method;
};
// CSeq = 1*DIGIT LWS Method, number < 2^31 (RFC 3261 8.1.1.5).
Result<CSeqValue> ParseCSeq(std::string_view value);

// 1*DIGIT (surrounding whitespace allowed) not above `max`.
Result<uint64_t> ParseDecimal(std::string_view value, uint64_t max);

// callid = word ["@" word]
bool IsValidCallId(std::string_view value);

// rfc1123-date: wkday "," SP date1 SP time SP "GMT" (RFC 3261 20.17).
bool IsValidSipDate(std::string_view value);

struct MediaType {
  std::string_view type;
  std::string_view subtype;
  std::string_view params;  // ";charset=x" raw, or ""
};
// m-type SLASH m-subtype *(SEMI m-parameter)
Result<MediaType> ParseMediaType(std::string_view value);

// A comma list of tokens (Require, Supported, Allow, Proxy-Require...).
// Calls fn(token) for each; false when an element is not a single token.
template <typename Fn>
bool ForEachToken(std::string_view value, Fn&& fn);

// ---- implementation of the templates ----

namespace internal {
// Returns the end of the element starting at `pos` (index of the comma or
// value.size()), or npos when a quote or bracket never closes.
size_t ListElementEnd(std::string_view value, size_t pos);
std::string_view TrimWs(std::string_view s);
bool IsTokenString(std::string_view s);
}  // namespace internal

template <typename Fn>
bool ForEachListElement(std::string_view value, Fn&& fn) {
  size_t pos = 0;
  if (internal::TrimWs(value).empty()) return false;
  // Most list headers carry one element: without a comma there is nothing
  // to split, and the element parser checks its own quoting.
  if (value.find(',') == std::string_view::npos) {
    fn(internal::TrimWs(value));
    return true;
  }
  while (pos <= value.size()) {
    size_t end = internal::ListElementEnd(value, pos);
    if (end == std::string_view::npos) return false;
    std::string_view element = internal::TrimWs(value.substr(pos, end - pos));
    if (element.empty()) return false;
    if (!fn(element)) return true;
    if (end >= value.size()) break;
    pos = end + 1;
  }
  return true;
}

template <typename Fn>
bool ForEachToken(std::string_view value, Fn&& fn) {
  bool ok = true;
  bool list_ok = ForEachListElement(value, [&](std::string_view element) {
    if (!internal::IsTokenString(element)) {
      ok = false;
      return false;
    }
    fn(element);
    return true;
  });
  return ok && list_ok;
}

}  // namespace chorus::b2bua
