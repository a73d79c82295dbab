// Fuzz target: RTP datagram parsing (RFC 3550) with RFC 8285 header
// extensions and the RFC 6464 audio level. Every field accessor is read
// and every element walked so out-of-bounds reads show up under ASan; the
// parsed packet then feeds RtpReceiveStats. The first input byte picks the
// audio level extension id.

#include <cstddef>
#include <cstdint>
#include <span>

#include "media/rtp/rtp_packet.h"
#include "media/rtp/rtp_receive_stats.h"

using chorus::media::RtpFault;
using chorus::media::RtpPacket;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const uint8_t level_id = data[0] & 0x0F;
  const std::span<const uint8_t> datagram(data + 1, size - 1);

  RtpPacket packet;
  if (RtpPacket::TryParse(datagram, packet) != RtpFault::kNone) {
    auto checked = RtpPacket::Parse(datagram);
    if (checked) __builtin_trap();  // both entry points must agree
    return 0;
  }
  volatile uint32_t sink = packet.payload_type() + packet.marker() + packet.seq().value() +
                           packet.timestamp().value() + packet.ssrc();
  for (size_t i = 0; i < packet.csrc_count(); ++i) sink = sink + packet.csrc(i);
  for (uint8_t b : packet.payload()) sink = sink + b;
  if (packet.header_bytes() + packet.payload().size() + packet.padding_bytes() != packet.size()) {
    __builtin_trap();
  }

  const auto extensions = packet.extensions();
  extensions.ForEach([&](const chorus::media::RtpExtensionElement& e) {
    for (uint8_t b : e.data) sink = sink + b;
  });
  for (int id = 0; id < 256; ++id) {
    if (auto found = extensions.Find(static_cast<uint8_t>(id))) sink = sink + found->size();
  }
  if (auto level = chorus::media::FindAudioLevel(extensions, level_id)) {
    if (level->level_dbov > 127) __builtin_trap();
  }

  static chorus::media::RtpReceiveStats stats(8000);
  stats.Update(packet.ssrc(), packet.seq(), packet.timestamp(), static_cast<int64_t>(sink) * 1000,
               packet.payload().size());
  (void)stats.TakeReport();
  return 0;
}
