#pragma once

// DTMF digits and their RFC 4733 3.2 event codes: 0-9 -> '0'-'9', 10 '*',
// 11 '#', 12-15 'A'-'D'. Plain functions; any thread.

#include <cstdint>
#include <optional>

namespace chorus::media {

inline constexpr uint8_t kDtmfMaxEvent = 15;

// '\0' for codes that are not DTMF digits.
constexpr char DtmfEventToChar(uint8_t event) {
  constexpr char kDigits[] = "0123456789*#ABCD";
  return event <= kDtmfMaxEvent ? kDigits[event] : '\0';
}

// Accepts 'a'-'d' as well.
constexpr std::optional<uint8_t> DtmfCharToEvent(char c) {
  if (c >= '0' && c <= '9') return static_cast<uint8_t>(c - '0');
  if (c == '*') return uint8_t{10};
  if (c == '#') return uint8_t{11};
  if (c >= 'A' && c <= 'D') return static_cast<uint8_t>(12 + (c - 'A'));
  if (c >= 'a' && c <= 'd') return static_cast<uint8_t>(12 + (c - 'a'));
  return std::nullopt;
}

// How a digit reached us (for DtmfDeduplicator and metrics).
enum class DtmfSource : uint8_t { kRfc4733, kInband, kSipInfo };

}  // namespace chorus::media
