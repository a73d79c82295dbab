#pragma once

// What a stream reports to the signalling side, and the interface it
// reports through. The structs are small plain values that travel in a
// media worker's event ring (media/worker/worker_messages.h); the sink is
// implemented by the worker that owns the stream. Called on that worker's
// thread; implementations must not allocate, block or log above debug.

#include <cstdint>

#include "media/base/socket_address.h"
#include "media/dtmf/dtmf_digit.h"
#include "media/stream/stream_stats.h"

namespace chorus::media {

// One key press, reported once even when it arrived by several routes.
struct DtmfDigit {
  uint64_t stream_id = 0;
  char digit = '\0';
  uint32_t duration_ms = 0;
  DtmfSource source = DtmfSource::kRfc4733;
};

// No RTP for the stream's media timeout while receiving was expected.
// Reported once per silence; RTP arriving again re-arms it.
struct RtpTimeout {
  uint64_t stream_id = 0;
  int64_t silent_ms = 0;
};

// Symmetric RTP learned (or, after NAT rebinding, moved to) the peer's
// address: where the stream now sends.
struct PeerLatched {
  uint64_t stream_id = 0;
  SocketAddress address;
  bool rtcp = false;     // the separate RTCP port's latch (no rtcp-mux)
  bool relatch = false;  // moved from an earlier address
};

// The stream is gone (removed, or its worker stopped); its ports may be
// released. Carries the final counters.
struct StreamClosed {
  uint64_t stream_id = 0;
  StreamStats stats;
};

// Answer to a stats request: the counters now.
struct StreamStatsReport {
  uint64_t stream_id = 0;
  StreamStats stats;
};

class StreamEventSink {
 public:
  virtual ~StreamEventSink() = default;
  virtual void OnDtmfDigit(const DtmfDigit& event) = 0;
  virtual void OnRtpTimeout(const RtpTimeout& event) = 0;
  virtual void OnPeerLatched(const PeerLatched& event) = 0;
};

}  // namespace chorus::media
