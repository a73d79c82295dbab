#pragma once

// Known SIP header names: canonical spelling, compact form (RFC 3261 7.3.3
// and the extensions that define one), and whether the header may carry a
// comma-separated list or must appear at most once. Lookup is
// case-insensitive (RFC 3261 7.3.1); unknown headers are kOther and keep
// the name they arrived with.

#include <cstdint>
#include <string_view>

namespace chorus::b2bua {

enum class HeaderId : uint8_t {
  kOther = 0,
  kAccept,
  kAcceptContact,
  kAcceptEncoding,
  kAcceptLanguage,
  kAlertInfo,
  kAllow,
  kAllowEvents,
  kAuthenticationInfo,
  kAuthorization,
  kCallId,
  kCallInfo,
  kContact,
  kContentDisposition,
  kContentEncoding,
  kContentLanguage,
  kContentLength,
  kContentType,
  kCSeq,
  kDate,
  kErrorInfo,
  kEvent,
  kExpires,
  kFrom,
  kIdentity,
  kInReplyTo,
  kMaxForwards,
  kMimeVersion,
  kMinExpires,
  kMinSe,
  kOrganization,
  kPAssertedIdentity,
  kPPreferredIdentity,
  kPriority,
  kPrivacy,
  kProxyAuthenticate,
  kProxyAuthorization,
  kProxyRequire,
  kRAck,
  kReason,
  kRecordRoute,
  kReferTo,
  kReferredBy,
  kRejectContact,
  kReplyTo,
  kRequestDisposition,
  kRequire,
  kRetryAfter,
  kRoute,
  kRSeq,
  kServer,
  kSessionExpires,
  kSubject,
  kSupported,
  kTimestamp,
  kTo,
  kUnsupported,
  kUserAgent,
  kVia,
  kWarning,
  kWwwAuthenticate,
  kCount,
};

// kOther when the name is not one we know.
HeaderId LookupHeaderId(std::string_view name);
// Canonical name ("Call-ID"); "" for kOther.
std::string_view HeaderName(HeaderId id);
// May appear at most once in a message (RFC 3261 7.3.1: only headers whose
// grammar is a comma-separated list may repeat).
bool IsSingletonHeader(HeaderId id);

}  // namespace chorus::b2bua
