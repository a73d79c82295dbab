#pragma once

// Helpers for the SDP unit tests: bodies are written one line per string and
// joined with CRLF (or LF), so each test shows its SDP plainly.

#include <array>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "media/base/base64.h"

namespace chorus::b2bua::testing {

// Base64 text to bytes (empty on error): test shorthand.
inline std::vector<uint8_t> DecodeB64(std::string_view text) {
  std::array<uint8_t, 128> buf{};
  auto n = Base64Decode(text, buf);
  if (!n) return {};
  return std::vector<uint8_t>(buf.begin(), buf.begin() + *n);
}

inline std::string Lines(std::initializer_list<std::string_view> lines,
                         std::string_view eol = "\r\n") {
  std::string out;
  for (std::string_view l : lines) {
    out.append(l);
    out.append(eol);
  }
  return out;
}

// True when `text` has a line exactly equal to `line` (CRLF or LF ends).
inline bool HasLine(std::string_view text, std::string_view line) {
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t end = text.find('\n', pos);
    std::string_view l = text.substr(pos, end == std::string_view::npos ? text.npos : end - pos);
    if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
    if (l == line) return true;
    if (end == std::string_view::npos) break;
    pos = end + 1;
  }
  return false;
}

}  // namespace chorus::b2bua::testing
