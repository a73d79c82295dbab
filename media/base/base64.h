#pragma once

// Base64 (RFC 4648 4, standard alphabet) for SDES key parameters. Decoding
// is strict about the alphabet and accepts the text with or without its
// '=' padding; it writes into a caller buffer so key bytes never sit in a
// heap string. Any thread.

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "media/base/result.h"

namespace chorus {

std::string Base64Encode(std::span<const uint8_t> data);

// Decoded size of `text`, or an error when it is not base64 or when the
// result would not fit `out`.
Result<size_t> Base64Decode(std::string_view text, std::span<uint8_t> out);

}  // namespace chorus
