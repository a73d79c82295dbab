#pragma once

// RFC 4733 2.3 telephone-event payload: event code, E (end) bit, R bit,
// 6-bit volume (-dBm0), 16-bit duration in timestamp units. Plain value;
// any thread.

#include <array>
#include <cstdint>
#include <optional>
#include <span>

namespace chorus::media {

inline constexpr size_t kTelephoneEventBytes = 4;

struct TelephoneEvent {
  uint8_t event = 0;
  bool end = false;
  uint8_t volume = 0;  // 0..63, -dBm0
  uint16_t duration = 0;

  // Reads the first 4 bytes; nullopt when shorter. Further bytes (some
  // senders pad) are ignored.
  static std::optional<TelephoneEvent> Parse(std::span<const uint8_t> payload);
  std::array<uint8_t, kTelephoneEventBytes> Serialize() const;
  bool operator==(const TelephoneEvent&) const = default;
};

}  // namespace chorus::media
