#pragma once

// RtpReceiveStats: reception statistics of one incoming RTP stream, as
// RFC 3550 appendix A computes them:
//   A.1  source validation: a new source is on probation until
//        kMinSequential packets arrive in sequence; sequence numbers are
//        extended with a cycle count; a jump larger than kMaxDropout is
//        dropped unless the next packet follows it (the source restarted,
//        and the stream is re-synchronised).
//   A.3  expected and lost packets, cumulative and per report interval
//        (fraction lost, 8-bit fixed point).
//   A.8  interarrival jitter in timestamp units (and in seconds).
// The first stream seen is the source; a packet with another SSRC starts a
// candidate that replaces the source only once it passes probation itself,
// so a stray packet cannot reset the statistics.
//
// Owned by the stream on its media worker; allocation-free. Arrival times
// are injected (monotonic nanoseconds).

#include <cstddef>
#include <cstdint>

#include "media/rtp/rtp_types.h"

namespace chorus::media {

// What to do with the packet just counted.
enum class RtpVerdict : uint8_t {
  kAccepted,   // valid: deliver (duplicates and late packets included, A.1)
  kProbation,  // source (or SSRC candidate) not validated yet: drop
  kBadJump,    // sequence jump beyond kMaxDropout, pending confirmation: drop
};

// Figures for one RTCP report block (RFC 3550 6.4.1).
struct RtpLossReport {
  uint32_t ssrc = 0;
  uint8_t fraction_lost = 0;    // lost / expected in the interval, x256
  int32_t cumulative_lost = 0;  // clamped to the 24-bit signed field
  uint32_t extended_highest_seq = 0;
  uint32_t jitter = 0;  // timestamp units
};

class RtpReceiveStats {
 public:
  static constexpr int kMinSequential = 2;  // RFC 3550 A.1
  static constexpr int kMaxDropout = 3000;  // RFC 3550 A.1
  static constexpr int kMaxMisorder = 100;  // RFC 3550 A.1

  explicit RtpReceiveStats(uint32_t clock_rate_hz);

  // Counts one parsed packet. `payload_bytes` excludes header and padding.
  RtpVerdict Update(uint32_t ssrc, SeqNum seq, RtpTimestamp timestamp, int64_t arrival_ns,
                    size_t payload_bytes);

  // Builds the report block figures and starts a new interval (A.3).
  RtpLossReport TakeReport();

  bool has_source() const { return has_source_; }
  bool validated() const { return has_source_ && probation_ == 0; }
  uint32_t ssrc() const { return ssrc_; }
  uint32_t extended_highest_seq() const { return cycles_ + max_seq_; }
  int64_t expected() const;
  // Expected minus received; negative with duplicates (A.3).
  int64_t cumulative_lost() const { return expected() - static_cast<int64_t>(received_); }
  uint32_t jitter_timestamp_units() const { return jitter_q4_ >> 4; }
  double jitter_seconds() const {
    return static_cast<double>(jitter_q4_) / 16.0 / static_cast<double>(clock_rate_hz_);
  }

  // Counters for metrics since creation (survive re-synchronisation and
  // SSRC changes).
  uint64_t packets() const { return packets_; }
  uint64_t payload_bytes() const { return payload_bytes_; }
  uint64_t dropped() const { return dropped_; }
  uint64_t ssrc_changes() const { return ssrc_changes_; }
  uint64_t resyncs() const { return resyncs_; }

 private:
  void StartSource(uint32_t ssrc, uint16_t seq);
  void InitSeq(uint16_t seq);
  bool UpdateSeq(uint16_t seq, RtpVerdict& verdict);
  void UpdateJitter(RtpTimestamp timestamp, int64_t arrival_ns);

  uint32_t clock_rate_hz_;
  bool has_source_ = false;
  uint32_t ssrc_ = 0;

  // RFC 3550 A.1 source state.
  uint16_t max_seq_ = 0;
  uint32_t cycles_ = 0;
  uint32_t base_seq_ = 0;
  uint32_t bad_seq_ = 0;
  int probation_ = 0;
  uint32_t received_ = 0;
  uint32_t expected_prior_ = 0;
  uint32_t received_prior_ = 0;

  // RFC 3550 A.8 jitter state.
  bool have_transit_ = false;
  int32_t transit_ = 0;
  uint32_t jitter_q4_ = 0;  // jitter x16
  RtpTimestamp last_timestamp_;

  // SSRC change candidate: must pass probation before it replaces ssrc_.
  bool has_candidate_ = false;
  uint32_t candidate_ssrc_ = 0;
  uint16_t candidate_max_seq_ = 0;
  int candidate_probation_ = 0;

  uint64_t packets_ = 0;
  uint64_t payload_bytes_ = 0;
  uint64_t dropped_ = 0;
  uint64_t ssrc_changes_ = 0;
  uint64_t resyncs_ = 0;
};

}  // namespace chorus::media
