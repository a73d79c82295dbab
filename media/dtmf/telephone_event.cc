#include "media/dtmf/telephone_event.h"

#include "media/rtp/byte_order.h"

namespace chorus::media {

std::optional<TelephoneEvent> TelephoneEvent::Parse(std::span<const uint8_t> payload) {
  if (payload.size() < kTelephoneEventBytes) return std::nullopt;
  TelephoneEvent e;
  e.event = payload[0];
  e.end = (payload[1] & 0x80) != 0;
  // The R bit (0x40) is reserved: ignored on receipt (RFC 4733 2.3).
  e.volume = payload[1] & 0x3F;
  e.duration = LoadBe16(payload.data() + 2);
  return e;
}

std::array<uint8_t, kTelephoneEventBytes> TelephoneEvent::Serialize() const {
  std::array<uint8_t, kTelephoneEventBytes> out{};
  out[0] = event;
  out[1] = static_cast<uint8_t>((end ? 0x80 : 0) | (volume & 0x3F));
  StoreBe16(out.data() + 2, duration);
  return out;
}

}  // namespace chorus::media
