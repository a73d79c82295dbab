#pragma once

// SDES: the a=crypto attribute (RFC 4568) and the SRTP crypto suites Chorus
// negotiates. Parsing and formatting are pure; GenerateSrtpKey draws from
// OpenSSL's RAND_bytes (thread-safe). Any thread.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "b2bua/sdp/sdp_session.h"
#include "media/base/result.h"
#include "media/srtp/srtp_suite.h"

namespace chorus::b2bua {

// The media layer's suite list is the one list of suites we implement.
using SrtpSuite = media::SrtpSuite;

// "AES_CM_128_HMAC_SHA1_80", ...
const char* SrtpSuiteName(SrtpSuite suite);
// Case-insensitive; nullopt for suites we do not implement.
std::optional<SrtpSuite> ParseSrtpSuite(std::string_view name);
// Master key plus master salt: 16 + 14 bytes for AES-CM, 16 + 12 for GCM.
size_t SrtpKeySaltBytes(SrtpSuite suite);

// One "inline:<key||salt base64>[|<lifetime>][|<mki>:<mki length>]" key
// parameter (RFC 4568 6.1 and 9.2).
struct SdpCryptoKey {
  std::string method = "inline";
  std::string key_salt;  // base64, as written
  std::string lifetime;  // "" or e.g. "2^31" / "1048576", as written
  std::optional<uint32_t> mki;
  uint32_t mki_length_bytes = 0;  // 1-128 when `mki` is set

  bool operator==(const SdpCryptoKey&) const = default;
};

// a=crypto:<tag> <crypto-suite> <key-params> [<session-params>]
struct SdpCrypto {
  uint32_t tag = 0;   // 1-9 digits
  std::string suite;  // as written; may name a suite we do not implement
  std::vector<SdpCryptoKey> keys;
  std::vector<std::string> session_params;  // e.g. "KDR=1", "UNENCRYPTED_SRTCP"

  bool operator==(const SdpCrypto&) const = default;
};

Result<SdpCrypto> ParseCrypto(std::string_view value);
std::string FormatCrypto(const SdpCrypto& crypto);
// Well-formed a=crypto lines of a media section, in order.
std::vector<SdpCrypto> FindCryptos(const SdpMedia& media);

// Key material a media stream needs for one direction.
struct SrtpKey {
  std::vector<uint8_t> key_salt;  // master key || master salt
  std::optional<uint32_t> mki;
  uint32_t mki_length_bytes = 0;

  bool operator==(const SrtpKey&) const = default;
};

// Checks one offered or answered a=crypto line against what we implement:
// a suite we know and allow, exactly one inline key of the suite's length,
// and no session parameter other than WSH (window size hint, RFC 4568
// 6.3.7), which we may ignore. Errors name the reason the line is unusable.
Result<SrtpKey> AcceptableCryptoKey(const SdpCrypto& crypto, SrtpSuite suite);

// A fresh random key||salt for `suite`; kInternal if the RNG fails.
Result<SrtpKey> GenerateSrtpKey(SrtpSuite suite);
// "inline:<base64>" key parameter for our own key (no lifetime, no MKI).
SdpCryptoKey InlineKey(const SrtpKey& key);

}  // namespace chorus::b2bua
