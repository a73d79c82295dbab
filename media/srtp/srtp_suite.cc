#include "media/srtp/srtp_suite.h"

namespace chorus::media {
namespace {

constexpr SrtpSuiteInfo kSuites[] = {
    {"AES_CM_128_HMAC_SHA1_80", 16, 14, 10, 10},
    {"AES_CM_128_HMAC_SHA1_32", 16, 14, 4, 10},
    {"AEAD_AES_128_GCM", 16, 12, 16, 16},
};

}  // namespace

const SrtpSuiteInfo& GetSrtpSuiteInfo(SrtpSuite suite) {
  return kSuites[static_cast<size_t>(suite)];
}

std::optional<SrtpSuite> SrtpSuiteFromName(std::string_view name) {
  for (size_t i = 0; i < std::size(kSuites); ++i) {
    if (kSuites[i].name == name) return static_cast<SrtpSuite>(i);
  }
  return std::nullopt;
}

}  // namespace chorus::media
