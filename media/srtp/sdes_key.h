#pragma once

// SDES key material (RFC 4568 6.1, 9.2): master key + salt for a suite,
// generated from the kernel CSPRNG, and the "inline:" key-params text of an
// SDP crypto attribute: base64(key || salt), then optionally "|lifetime"
// (decimal or 2^n packets) and "|MKI:length" (decimal value, length in
// bytes, 1-128). Parsing validates every part against the suite. Errors
// name the part that failed and never echo key bytes.
//
// Signalling thread (SDP offer/answer); the resulting SdesKeyParams is
// handed to SrtpSession::Create.

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "media/base/result.h"
#include "media/srtp/srtp_suite.h"

namespace chorus::media {

// Fixed-size key storage, wiped when destroyed.
class SrtpMasterKey {
 public:
  SrtpMasterKey() = default;
  // At most kSrtpMaxMasterBytes.
  explicit SrtpMasterKey(std::span<const uint8_t> bytes);
  SrtpMasterKey(const SrtpMasterKey&) = default;
  SrtpMasterKey& operator=(const SrtpMasterKey&) = default;
  ~SrtpMasterKey();

  std::span<const uint8_t> span() const { return {bytes_.data(), size_}; }
  size_t size() const { return size_; }
  bool operator==(const SrtpMasterKey& other) const;

 private:
  std::array<uint8_t, kSrtpMaxMasterBytes> bytes_{};
  size_t size_ = 0;
};

// RFC 3711 3.2.1 / RFC 4568 6.1: SRTP keys live at most 2^48 packets.
inline constexpr uint64_t kSrtpMaxLifetime = uint64_t{1} << 48;
inline constexpr size_t kSdesMaxMkiBytes = 128;

struct SdesKeyParams {
  SrtpSuite suite = SrtpSuite::kAesCm128HmacSha1_80;
  SrtpMasterKey key;                 // key || salt
  std::optional<uint64_t> lifetime;  // packets
  uint64_t mki_value = 0;
  uint8_t mki_length = 0;  // bytes on the wire; 0 = no MKI
};

// Fresh random key and salt for `suite`, no lifetime, no MKI.
Result<SdesKeyParams> GenerateSdesKeyParams(SrtpSuite suite);

// "inline:<base64>[|2^n or decimal][|value:length]".
std::string EncodeSdesKeyParams(const SdesKeyParams& params);

// Parses one key-params text for `suite` (as chosen by the crypto line).
Result<SdesKeyParams> ParseSdesKeyParams(SrtpSuite suite, std::string_view text);

}  // namespace chorus::media
