#pragma once

// StreamStats: a snapshot of one stream's counters, for metrics and the
// final report when the stream closes. Kept as plain members by the stream
// on its media worker; the snapshot travels to the signalling thread inside
// a worker event. Plain value.

#include <cstdint>

namespace chorus::media {

struct StreamStats {
  // RTP we accepted (after SRTP, parsing and latching) and sent. Bytes are
  // whole datagrams as on the wire.
  uint64_t rtp_packets_in = 0;
  uint64_t rtp_bytes_in = 0;
  uint64_t rtp_packets_out = 0;
  uint64_t rtp_bytes_out = 0;
  uint64_t rtcp_packets_in = 0;
  uint64_t rtcp_packets_out = 0;

  // Reception quality.
  uint64_t packets_lost = 0;           // RFC 3550 A.3 cumulative loss, never negative
  uint64_t packets_late = 0;           // arrived after their playout time
  uint64_t packets_duplicate = 0;      // same sequence number twice
  double jitter_seconds = 0;           // RFC 3550 A.8 interarrival jitter of what we receive
  double rtt_seconds = -1;             // from RTCP report blocks; -1 until known
  double remote_fraction_lost = 0;     // the peer's view of our stream (RTCP)
  double remote_jitter_seconds = 0;    // idem
  int32_t jitter_buffer_depth_ms = 0;  // at the snapshot

  // Dropped input, by reason.
  uint64_t rtp_parse_errors = 0;
  uint64_t rtcp_parse_errors = 0;
  uint64_t unknown_payload_type = 0;
  uint64_t rejected_source = 0;  // from an address the latch does not accept
  uint64_t probation_drops = 0;  // RFC 3550 A.1 source validation
  uint64_t truncated = 0;        // datagrams larger than our buffer
  uint64_t not_receiving = 0;    // RTP while the direction excludes receiving
  uint64_t srtp_auth_failures = 0;
  uint64_t srtp_replays = 0;
  uint64_t srtp_other_errors = 0;  // malformed or otherwise refused by libsrtp2

  // Codec work.
  uint64_t frames_decoded = 0;
  uint64_t frames_concealed = 0;  // PLC or FEC in place of a missing packet
  uint64_t frames_fec = 0;        // of those, recovered from Opus in-band FEC
  uint64_t decode_errors = 0;
  uint64_t encode_errors = 0;
  uint64_t dtx_frames = 0;   // Opus DTX payloads not sent
  uint64_t send_errors = 0;  // socket errors while sending

  // Events.
  uint64_t dtmf_rfc4733 = 0;     // digits received as RFC 4733 events
  uint64_t dtmf_inband = 0;      // digits detected in the audio
  uint64_t dtmf_duplicates = 0;  // the same press seen by both routes
  uint64_t dtmf_sent = 0;        // digits sent as RFC 4733 events
  uint64_t latches = 0;          // peer address learned or moved (symmetric RTP)
  uint64_t ssrc_changes = 0;
  uint64_t rtp_timeouts = 0;
};

}  // namespace chorus::media
