#include "b2bua/sip/message/header_id.h"

#include <array>
#include <cstring>

#include "b2bua/sip/message/sip_chars.h"

namespace chorus::b2bua {
namespace {

struct HeaderInfo {
  HeaderId id;
  std::string_view name;
  char compact;  // 0 when none
  bool singleton;
};

constexpr HeaderInfo kHeaders[] = {
    {HeaderId::kAccept, "Accept", 0, false},
    {HeaderId::kAcceptContact, "Accept-Contact", 'a', false},
    {HeaderId::kAcceptEncoding, "Accept-Encoding", 0, false},
    {HeaderId::kAcceptLanguage, "Accept-Language", 0, false},
    {HeaderId::kAlertInfo, "Alert-Info", 0, false},
    {HeaderId::kAllow, "Allow", 0, false},
    {HeaderId::kAllowEvents, "Allow-Events", 'u', false},
    {HeaderId::kAuthenticationInfo, "Authentication-Info", 0, true},
    {HeaderId::kAuthorization, "Authorization", 0, false},
    {HeaderId::kCallId, "Call-ID", 'i', true},
    {HeaderId::kCallInfo, "Call-Info", 0, false},
    {HeaderId::kContact, "Contact", 'm', false},
    {HeaderId::kContentDisposition, "Content-Disposition", 0, true},
    {HeaderId::kContentEncoding, "Content-Encoding", 'e', false},
    {HeaderId::kContentLanguage, "Content-Language", 0, false},
    {HeaderId::kContentLength, "Content-Length", 'l', true},
    {HeaderId::kContentType, "Content-Type", 'c', true},
    {HeaderId::kCSeq, "CSeq", 0, true},
    {HeaderId::kDate, "Date", 0, true},
    {HeaderId::kErrorInfo, "Error-Info", 0, false},
    {HeaderId::kEvent, "Event", 'o', true},
    {HeaderId::kExpires, "Expires", 0, true},
    {HeaderId::kFrom, "From", 'f', true},
    {HeaderId::kIdentity, "Identity", 'y', false},
    {HeaderId::kInReplyTo, "In-Reply-To", 0, false},
    {HeaderId::kMaxForwards, "Max-Forwards", 0, true},
    {HeaderId::kMimeVersion, "MIME-Version", 0, true},
    {HeaderId::kMinExpires, "Min-Expires", 0, true},
    {HeaderId::kMinSe, "Min-SE", 0, true},
    {HeaderId::kOrganization, "Organization", 0, true},
    {HeaderId::kPAssertedIdentity, "P-Asserted-Identity", 0, false},
    {HeaderId::kPPreferredIdentity, "P-Preferred-Identity", 0, false},
    {HeaderId::kPriority, "Priority", 0, true},
    {HeaderId::kPrivacy, "Privacy", 0, false},
    {HeaderId::kProxyAuthenticate, "Proxy-Authenticate", 0, false},
    {HeaderId::kProxyAuthorization, "Proxy-Authorization", 0, false},
    {HeaderId::kProxyRequire, "Proxy-Require", 0, false},
    {HeaderId::kRAck, "RAck", 0, true},
    {HeaderId::kReason, "Reason", 0, false},
    {HeaderId::kRecordRoute, "Record-Route", 0, false},
    {HeaderId::kReferTo, "Refer-To", 'r', true},
    {HeaderId::kReferredBy, "Referred-By", 'b', true},
    {HeaderId::kRejectContact, "Reject-Contact", 'j', false},
    {HeaderId::kReplyTo, "Reply-To", 0, true},
    {HeaderId::kRequestDisposition, "Request-Disposition", 'd', false},
    {HeaderId::kRequire, "Require", 0, false},
    {HeaderId::kRetryAfter, "Retry-After", 0, true},
    {HeaderId::kRoute, "Route", 0, false},
    {HeaderId::kRSeq, "RSeq", 0, true},
    {HeaderId::kServer, "Server", 0, true},
    {HeaderId::kSessionExpires, "Session-Expires", 'x', true},
    {HeaderId::kSubject, "Subject", 's', true},
    {HeaderId::kSupported, "Supported", 'k', false},
    {HeaderId::kTimestamp, "Timestamp", 0, true},
    {HeaderId::kTo, "To", 't', true},
    {HeaderId::kUnsupported, "Unsupported", 0, false},
    {HeaderId::kUserAgent, "User-Agent", 0, true},
    {HeaderId::kVia, "Via", 'v', false},
    {HeaderId::kWarning, "Warning", 0, false},
    {HeaderId::kWwwAuthenticate, "WWW-Authenticate", 0, false},
};

constexpr size_t kNumHeaders = sizeof(kHeaders) / sizeof(kHeaders[0]);

// Open-addressed hash table keyed on (length, first and last letter,
// case-folded): a lookup hashes three bytes and usually compares one name.
// Justified by BM_ParseInvite (tests/bench/b2bua_sip_bench.cc): the
// first-letter buckets it replaced cost ~170 instructions per header.
constexpr size_t kSlots = 256;

constexpr char Fold(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

constexpr size_t Slot(std::string_view name) {
  size_t n = name.size();
  return (static_cast<size_t>(static_cast<unsigned char>(Fold(name[0]))) * 31u +
          static_cast<size_t>(static_cast<unsigned char>(Fold(name[n - 1]))) * 7u + n * 13u) &
         (kSlots - 1);
}

// Case-insensitive compare of a canonical name (letters, digits, '-')
// with a header name made of token characters. OR-ing 0x20 folds ASCII
// letters and leaves '-' and digits alone; no token character other than
// '-' folds onto '-', so the comparison is exact for token input.
bool SameName(std::string_view canonical, std::string_view name) {
  const size_t n = name.size();
  const char* a = canonical.data();
  const char* b = name.data();
  auto load8 = [](const char* p) {
    uint64_t v;
    memcpy(&v, p, 8);
    return v | 0x2020202020202020ull;
  };
  auto load4 = [](const char* p) {
    uint32_t v;
    memcpy(&v, p, 4);
    return v | 0x20202020u;
  };
  if (n >= 8) {
    for (size_t i = 0; i + 8 <= n; i += 8) {
      if (load8(a + i) != load8(b + i)) return false;
    }
    return load8(a + n - 8) == load8(b + n - 8);  // overlapping tail
  }
  if (n >= 4) return load4(a) == load4(b) && load4(a + n - 4) == load4(b + n - 4);
  for (size_t i = 0; i < n; ++i) {
    if ((a[i] | 0x20) != (b[i] | 0x20)) return false;
  }
  return true;
}

struct Index {
  std::array<uint8_t, kSlots> slot{};  // 1 + index into kHeaders, 0 = empty
  std::array<HeaderId, 26> compact{};
  std::array<uint8_t, static_cast<size_t>(HeaderId::kCount)> by_id{};

  constexpr Index() {
    for (size_t i = 0; i < kNumHeaders; ++i) {
      const HeaderInfo& h = kHeaders[i];
      size_t s = Slot(h.name);
      while (slot[s] != 0) s = (s + 1) & (kSlots - 1);
      slot[s] = static_cast<uint8_t>(i + 1);
      if (h.compact != 0) compact[h.compact - 'a'] = h.id;
      by_id[static_cast<size_t>(h.id)] = static_cast<uint8_t>(i);
    }
  }
};

constexpr Index kIndex;

}  // namespace

HeaderId LookupHeaderId(std::string_view name) {
  if (name.empty()) return HeaderId::kOther;
  if (name.size() == 1) {
    char c = sipchars::ToLower(name[0]);
    if (c < 'a' || c > 'z') return HeaderId::kOther;
    return kIndex.compact[c - 'a'];  // kOther (0) when not a compact form
  }
  for (size_t s = Slot(name);; s = (s + 1) & (kSlots - 1)) {
    uint8_t e = kIndex.slot[s];
    if (e == 0) return HeaderId::kOther;
    const HeaderInfo& h = kHeaders[e - 1];
    if (h.name.size() == name.size() && SameName(h.name, name)) return h.id;
  }
}

std::string_view HeaderName(HeaderId id) {
  if (id == HeaderId::kOther || id >= HeaderId::kCount) return "";
  return kHeaders[kIndex.by_id[static_cast<size_t>(id)]].name;
}

bool IsSingletonHeader(HeaderId id) {
  if (id == HeaderId::kOther || id >= HeaderId::kCount) return false;
  return kHeaders[kIndex.by_id[static_cast<size_t>(id)]].singleton;
}

}  // namespace chorus::b2bua
