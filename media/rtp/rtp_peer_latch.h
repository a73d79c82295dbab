#pragma once

// RtpPeerLatch: decides which source addresses an RTP (or RTCP) socket
// accepts packets from, and where to send. Two modes (RtpOptions.latching):
//
//   kSymmetric  (symmetric RTP, RFC 4961 practice behind NAT): send to the
//               address signalled in SDP until the first valid packet
//               arrives, then latch onto that packet's source address and
//               accept only it. NAT rebinding: a different address takes
//               over once it has sent `relatch_packets` consecutive valid
//               packets with no packet from the latched address in
//               between. One packet from the latched address cancels the
//               takeover, so a live peer cannot be hijacked by injected
//               packets, while a rebound peer (whose old address falls
//               silent) is followed after about relatch_packets x ptime.
//   kStrict     accept only the exact address signalled in SDP.
//
// "Valid" is the caller's call: feed packets that parsed and, with SRTP,
// authenticated, so spoofed garbage cannot move the latch.
//
// Owned by the stream on its media worker; allocation-free.

#include <cstdint>

#include "media/base/socket_address.h"
#include "media/rtp/rtp_options.h"

namespace chorus::media {

struct RtpPeerLatchOptions {
  LatchingMode mode = LatchingMode::kSymmetric;
  // From SDP (c= and m= lines). May be unspecified until an answer arrives.
  SocketAddress signalled;
  // Consecutive packets from a new address before it replaces the latched
  // one (10 = 200 ms of 20 ms audio).
  uint32_t relatch_packets = 10;
};

enum class LatchDecision : uint8_t {
  kAccept,     // from the peer
  kLatched,    // first packet: the peer's address is now known; accept
  kRelatched,  // a new address took over (NAT rebinding); accept
  kReject,     // from elsewhere: drop and count
};

class RtpPeerLatch {
 public:
  explicit RtpPeerLatch(const RtpPeerLatchOptions& options);

  LatchDecision OnPacket(const SocketAddress& from);

  // New SDP (re-INVITE): forget the learned address and start again.
  void Reset(const SocketAddress& signalled);

  // Where to send: the latched address, else the signalled one (may be
  // unspecified: then there is nowhere to send yet).
  const SocketAddress& send_to() const { return latched_ ? peer_ : signalled_; }
  bool latched() const { return latched_; }
  uint64_t rejected() const { return rejected_; }
  uint64_t relatches() const { return relatches_; }

 private:
  LatchingMode mode_;
  uint32_t relatch_packets_;
  SocketAddress signalled_;
  SocketAddress peer_;
  bool latched_ = false;
  SocketAddress candidate_;
  uint32_t candidate_packets_ = 0;
  uint64_t rejected_ = 0;
  uint64_t relatches_ = 0;
};

}  // namespace chorus::media
