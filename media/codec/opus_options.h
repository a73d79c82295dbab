#pragma once

// Settings of an Opus encoder, mostly taken from the peer's SDP fmtp
// parameters (RFC 7587 6.1) by the layer that negotiates it. Plain data.

#include <cstdint>
#include <optional>

namespace chorus::media {

struct OpusEncoderOptions {
  int32_t bitrate_bps = 32000;    // 6000..510000 (RFC 7587 maxaveragebitrate caps it)
  std::optional<int> complexity;  // 0..10; unset keeps libopus's default
  bool inband_fec = false;        // RFC 7587 useinbandfec=1
  int expected_loss_percent = 0;  // 0..100; libopus adds FEC only when above 0
  bool dtx = false;               // RFC 7587 usedtx=1
  // RFC 7587 maxplaybackrate: the peer plays no more than this, so do not
  // spend bits above it. 8000/12000/16000/24000/48000 select narrow, medium,
  // wide, super-wide and full band; values between round down.
  uint32_t max_playback_rate_hz = 48000;
};

}  // namespace chorus::media
