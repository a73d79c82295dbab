#pragma once

// Base64 (RFC 4648 section 4, standard alphabet) for SDES key material
// (RFC 4568 inline keys). Pure functions, any thread.

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "media/base/result.h"

namespace chorus::b2bua {

// Always writes '=' padding.
std::string Base64Encode(std::span<const uint8_t> bytes);

// Strict decoder: only the standard alphabet; '=' padding is optional but,
// when present, must complete the last quantum. Whitespace is rejected.
Result<std::vector<uint8_t>> Base64Decode(std::string_view text);

}  // namespace chorus::b2bua
