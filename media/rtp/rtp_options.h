#pragma once

// Options of the RTP side (`rtp:` config section), filled by app/.

#include <cstdint>
#include <string>

#include "media/base/socket_address.h"

namespace chorus::media {

enum class SrtpMode { kOff, kOptional, kRequired };

enum class LatchingMode {
  kSymmetric,  // learn the peer's address from its first valid packet (NAT)
  kStrict,     // accept only the address signalled in SDP
};

struct RtpOptions {
  SocketAddress address;      // local media address (port ignored)
  uint16_t port_min = 30000;  // even
  uint16_t port_max = 30999;
  SrtpMode srtp = SrtpMode::kOptional;
  int64_t timeout_ms = 30'000;  // no RTP for this long (not on hold) ends the call
  LatchingMode latching = LatchingMode::kSymmetric;
};

}  // namespace chorus::media
