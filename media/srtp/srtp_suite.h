#pragma once

// SRTP crypto suites Chorus negotiates (RFC 4568 6.2, RFC 7714 14.2) and
// their key, salt and tag sizes. Plain data; any thread.

#include <cstddef>
#include <optional>
#include <string_view>

namespace chorus::media {

enum class SrtpSuite : uint8_t {
  kAesCm128HmacSha1_80,  // RFC 4568 6.2.1
  kAesCm128HmacSha1_32,  // RFC 4568 6.2.2 (SRTCP keeps the 80-bit tag)
  kAeadAes128Gcm,        // RFC 7714 (needs a libsrtp2 built with a GCM backend)
};

struct SrtpSuiteInfo {
  std::string_view name;  // as in the SDP crypto attribute
  size_t key_bytes;
  size_t salt_bytes;
  size_t rtp_tag_bytes;
  size_t rtcp_tag_bytes;
  size_t master_bytes() const { return key_bytes + salt_bytes; }
};

const SrtpSuiteInfo& GetSrtpSuiteInfo(SrtpSuite suite);
// Exact, case-sensitive match of the SDP name (RFC 4568 9.2 registers
// them in upper case).
std::optional<SrtpSuite> SrtpSuiteFromName(std::string_view name);

// Largest master key + salt of any suite.
inline constexpr size_t kSrtpMaxMasterBytes = 30;

}  // namespace chorus::media
