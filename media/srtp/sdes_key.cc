#include "media/srtp/sdes_key.h"

#include <strings.h>

#include <charconv>
#include <cstring>

#include "media/base/check.h"
#include "media/rtp/rtp_random.h"
#include "media/base/base64.h"

namespace chorus::media {
namespace {

constexpr std::string_view kInline = "inline:";

// Unsigned decimal with no sign, no spaces, no overflow.
std::optional<uint64_t> ParseDecimal(std::string_view text) {
  if (text.empty() || text.size() > 20) return std::nullopt;
  uint64_t value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size()) return std::nullopt;
  return value;
}

Result<uint64_t> ParseLifetime(std::string_view text) {
  uint64_t value = 0;
  if (text.starts_with("2^")) {
    auto exponent = ParseDecimal(text.substr(2));
    if (!exponent || *exponent > 48) {
      return MakeError(ErrorCode::kParse,
                       "sdes: lifetime '" + std::string(text) + "' is not 2^n with n <= 48");
    }
    value = uint64_t{1} << *exponent;
  } else {
    auto decimal = ParseDecimal(text);
    if (!decimal) {
      return MakeError(ErrorCode::kParse,
                       "sdes: lifetime '" + std::string(text) + "' is not a number");
    }
    value = *decimal;
  }
  if (value == 0 || value > kSrtpMaxLifetime) {
    return MakeError(ErrorCode::kParse,
                     "sdes: lifetime '" + std::string(text) + "' outside 1..2^48 packets");
  }
  return value;
}

Result<void> ParseMki(std::string_view text, SdesKeyParams& out) {
  const size_t colon = text.find(':');
  if (colon == std::string_view::npos) {
    return MakeError(ErrorCode::kParse, "sdes: MKI '" + std::string(text) + "' lacks ':length'");
  }
  auto value = ParseDecimal(text.substr(0, colon));
  auto length = ParseDecimal(text.substr(colon + 1));
  if (!value || !length) {
    return MakeError(ErrorCode::kParse,
                     "sdes: MKI '" + std::string(text) + "' is not value:length in decimal");
  }
  if (*length < 1 || *length > kSdesMaxMkiBytes) {
    return MakeError(ErrorCode::kParse,
                     "sdes: MKI length " + std::to_string(*length) + " outside 1..128");
  }
  if (*length < 8 && *value >> (8 * *length) != 0) {
    return MakeError(ErrorCode::kParse, "sdes: MKI value " + std::to_string(*value) +
                                            " does not fit in " + std::to_string(*length) +
                                            " bytes");
  }
  out.mki_value = *value;
  out.mki_length = static_cast<uint8_t>(*length);
  return Ok();
}

}  // namespace

SrtpMasterKey::SrtpMasterKey(std::span<const uint8_t> bytes) {
  CHORUS_CHECK(bytes.size() <= bytes_.size());
  memcpy(bytes_.data(), bytes.data(), bytes.size());
  size_ = bytes.size();
}

SrtpMasterKey::~SrtpMasterKey() { explicit_bzero(bytes_.data(), bytes_.size()); }

bool SrtpMasterKey::operator==(const SrtpMasterKey& other) const {
  return size_ == other.size_ && memcmp(bytes_.data(), other.bytes_.data(), size_) == 0;
}

Result<SdesKeyParams> GenerateSdesKeyParams(SrtpSuite suite) {
  std::array<uint8_t, kSrtpMaxMasterBytes> bytes{};
  const size_t size = GetSrtpSuiteInfo(suite).master_bytes();
  auto filled = FillSecureRandom(std::span<uint8_t>(bytes.data(), size));
  if (!filled) return filled.error();
  SdesKeyParams params;
  params.suite = suite;
  params.key = SrtpMasterKey(std::span<const uint8_t>(bytes.data(), size));
  explicit_bzero(bytes.data(), bytes.size());
  return params;
}

std::string EncodeSdesKeyParams(const SdesKeyParams& params) {
  std::string out(kInline);
  out += Base64Encode(params.key.span());
  if (params.lifetime) {
    const uint64_t v = *params.lifetime;
    out += '|';
    if (v != 0 && (v & (v - 1)) == 0) {
      int exponent = 0;
      while ((uint64_t{1} << exponent) != v) ++exponent;
      out += "2^" + std::to_string(exponent);
    } else {
      out += std::to_string(v);
    }
  }
  if (params.mki_length > 0) {
    out += '|' + std::to_string(params.mki_value) + ':' + std::to_string(params.mki_length);
  }
  return out;
}

Result<SdesKeyParams> ParseSdesKeyParams(SrtpSuite suite, std::string_view text) {
  const SrtpSuiteInfo& info = GetSrtpSuiteInfo(suite);
  // RFC 4568 9.2: the key-method literal is case-insensitive (ABNF).
  if (text.size() < kInline.size() ||
      strncasecmp(text.data(), kInline.data(), kInline.size()) != 0) {
    return MakeError(ErrorCode::kParse, "sdes: key-params must start with 'inline:'");
  }
  text.remove_prefix(kInline.size());
  if (text.find(';') != std::string_view::npos) {
    return MakeError(ErrorCode::kUnsupported, "sdes: several key-params in one attribute");
  }

  std::string_view parts[3];
  size_t count = 0;
  while (true) {
    const size_t bar = text.find('|');
    if (count == 3) {
      return MakeError(ErrorCode::kParse, "sdes: more than key, lifetime and MKI parts");
    }
    parts[count++] = text.substr(0, bar);
    if (bar == std::string_view::npos) break;
    text.remove_prefix(bar + 1);
  }

  SdesKeyParams params;
  params.suite = suite;
  std::array<uint8_t, kSrtpMaxMasterBytes + 3> decoded{};
  auto size = Base64Decode(parts[0], decoded);
  if (!size) {
    explicit_bzero(decoded.data(), decoded.size());
    return MakeError(ErrorCode::kParse, "sdes: inline key for " + std::string(info.name) + ": " +
                                            size.error().message);
  }
  if (*size != info.master_bytes()) {
    explicit_bzero(decoded.data(), decoded.size());
    return MakeError(ErrorCode::kParse, "sdes: inline key for " + std::string(info.name) + " has " +
                                            std::to_string(*size) + " bytes, expected " +
                                            std::to_string(info.master_bytes()));
  }
  params.key = SrtpMasterKey(std::span<const uint8_t>(decoded.data(), *size));
  explicit_bzero(decoded.data(), decoded.size());

  for (size_t i = 1; i < count; ++i) {
    const std::string_view part = parts[i];
    // An optional part is the MKI when it has a colon (RFC 4568 9.2 order:
    // lifetime, then MKI).
    if (part.find(':') != std::string_view::npos) {
      if (params.mki_length > 0) return MakeError(ErrorCode::kParse, "sdes: two MKI parts");
      auto mki = ParseMki(part, params);
      if (!mki) return mki.error();
    } else {
      if (params.lifetime || params.mki_length > 0) {
        return MakeError(ErrorCode::kParse,
                         "sdes: lifetime '" + std::string(part) + "' out of place");
      }
      auto lifetime = ParseLifetime(part);
      if (!lifetime) return lifetime.error();
      params.lifetime = *lifetime;
    }
  }
  return params;
}

}  // namespace chorus::media
