#include "media/rtp/rtp_peer_latch.h"

#include "media/base/check.h"

namespace chorus::media {

RtpPeerLatch::RtpPeerLatch(const RtpPeerLatchOptions& options)
    : mode_(options.mode),
      relatch_packets_(options.relatch_packets),
      signalled_(options.signalled) {
  CHORUS_CHECK(relatch_packets_ >= 1);
}

void RtpPeerLatch::Reset(const SocketAddress& signalled) {
  signalled_ = signalled;
  peer_ = SocketAddress();
  latched_ = false;
  candidate_ = SocketAddress();
  candidate_packets_ = 0;
}

LatchDecision RtpPeerLatch::OnPacket(const SocketAddress& from) {
  if (mode_ == LatchingMode::kStrict) {
    if (signalled_.valid() && from == signalled_) return LatchDecision::kAccept;
    ++rejected_;
    return LatchDecision::kReject;
  }
  if (!latched_) {
    peer_ = from;
    latched_ = true;
    return LatchDecision::kLatched;
  }
  if (from == peer_) {
    candidate_packets_ = 0;
    return LatchDecision::kAccept;
  }
  if (candidate_packets_ == 0 || from != candidate_) {
    candidate_ = from;
    candidate_packets_ = 0;
  }
  if (++candidate_packets_ >= relatch_packets_) {
    peer_ = from;
    candidate_packets_ = 0;
    ++relatches_;
    return LatchDecision::kRelatched;
  }
  ++rejected_;
  return LatchDecision::kReject;
}

}  // namespace chorus::media
