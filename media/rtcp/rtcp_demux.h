#pragma once

// RTP/RTCP demultiplexing on one port (rtcp-mux, RFC 5761 4): RTCP packet
// types 192-223 occupy the second octet where RTP has marker + payload
// type, so RTP payload types 64-95 are never used with rtcp-mux and an
// octet in 192..223 means RTCP. Any thread.

#include <cstdint>
#include <span>

namespace chorus::media {

inline bool IsRtcp(std::span<const uint8_t> packet) {
  // Also require RTP/RTCP version 2 so stray STUN or DTLS does not match.
  return packet.size() >= 8 && (packet[0] >> 6) == 2 && packet[1] >= 192 && packet[1] <= 223;
}

}  // namespace chorus::media
