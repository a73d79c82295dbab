#include "media/rtp/rtp_receive_stats.h"

#include <algorithm>

#include "media/base/check.h"

namespace chorus::media {
namespace {

constexpr uint32_t kSeqMod = 1u << 16;  // RTP_SEQ_MOD in RFC 3550 A.1

// Arrival time in media clock units, kept in 64 bits without overflowing
// for any monotonic clock value.
uint32_t ArrivalInClockUnits(int64_t arrival_ns, uint32_t clock_rate_hz) {
  const int64_t sec = arrival_ns / 1'000'000'000;
  const int64_t rem = arrival_ns % 1'000'000'000;
  const int64_t units = sec * clock_rate_hz + rem * clock_rate_hz / 1'000'000'000;
  return static_cast<uint32_t>(units);
}

}  // namespace

RtpReceiveStats::RtpReceiveStats(uint32_t clock_rate_hz) : clock_rate_hz_(clock_rate_hz) {
  CHORUS_CHECK(clock_rate_hz > 0);
}

void RtpReceiveStats::StartSource(uint32_t ssrc, uint16_t seq) {
  // RFC 3550 A.1: a new source starts on probation, max_seq one behind.
  has_source_ = true;
  ssrc_ = ssrc;
  InitSeq(seq);
  max_seq_ = static_cast<uint16_t>(seq - 1);
  probation_ = kMinSequential;
  have_transit_ = false;
  jitter_q4_ = 0;
  has_candidate_ = false;
}

void RtpReceiveStats::InitSeq(uint16_t seq) {
  base_seq_ = seq;
  max_seq_ = seq;
  bad_seq_ = kSeqMod + 1;  // so seq == bad_seq_ is false
  cycles_ = 0;
  received_ = 0;
  received_prior_ = 0;
  expected_prior_ = 0;
  have_transit_ = false;
}

bool RtpReceiveStats::UpdateSeq(uint16_t seq, RtpVerdict& verdict) {
  const uint16_t udelta = static_cast<uint16_t>(seq - max_seq_);
  if (probation_ > 0) {
    // RFC 3550 A.1: the source is valid after kMinSequential packets in
    // sequence; a gap restarts the count.
    if (seq == static_cast<uint16_t>(max_seq_ + 1)) {
      --probation_;
      max_seq_ = seq;
      if (probation_ == 0) {
        InitSeq(seq);
        ++received_;
        return true;
      }
    } else {
      probation_ = kMinSequential - 1;
      max_seq_ = seq;
    }
    verdict = RtpVerdict::kProbation;
    return false;
  }
  if (udelta < kMaxDropout) {
    // In order, with a permissible gap; count a wrap of the 16-bit field.
    if (seq < max_seq_) cycles_ += kSeqMod;
    max_seq_ = seq;
  } else if (udelta <= kSeqMod - kMaxMisorder) {
    // A very large jump: accept it only if the next packet follows it,
    // which means the sender restarted its numbering.
    if (seq == bad_seq_) {
      InitSeq(seq);
      ++resyncs_;
    } else {
      bad_seq_ = (static_cast<uint32_t>(seq) + 1) & (kSeqMod - 1);
      verdict = RtpVerdict::kBadJump;
      return false;
    }
  }
  // Otherwise a duplicate or a reordered packet: valid, counted (A.1).
  ++received_;
  return true;
}

void RtpReceiveStats::UpdateJitter(RtpTimestamp timestamp, int64_t arrival_ns) {
  // RFC 3550 A.8. Packets sharing a timestamp (RFC 4733 event updates,
  // retransmissions) describe one media instant, so only the first counts.
  if (have_transit_ && timestamp == last_timestamp_) return;
  last_timestamp_ = timestamp;
  const uint32_t arrival = ArrivalInClockUnits(arrival_ns, clock_rate_hz_);
  const int32_t transit = static_cast<int32_t>(arrival - timestamp.value());
  if (!have_transit_) {
    have_transit_ = true;
    transit_ = transit;
    return;
  }
  int64_t d = static_cast<int64_t>(transit) - transit_;
  transit_ = transit;
  if (d < 0) d = -d;
  // J += (|D| - J) / 16, in fixed point with 4 fractional bits.
  const int64_t next = static_cast<int64_t>(jitter_q4_) + d - ((jitter_q4_ + 8) >> 4);
  jitter_q4_ = static_cast<uint32_t>(std::clamp<int64_t>(next, 0, 0xFFFFFFFF));
}

RtpVerdict RtpReceiveStats::Update(uint32_t ssrc, SeqNum seq, RtpTimestamp timestamp,
                                   int64_t arrival_ns, size_t payload_bytes) {
  const uint16_t s = seq.value();
  if (!has_source_ || (ssrc != ssrc_ && probation_ > 0)) {
    // No validated source yet: whichever SSRC arrives starts probation.
    StartSource(ssrc, s);
  } else if (ssrc != ssrc_) {
    // A validated source is replaced only by a candidate that passes its
    // own probation; packets of the current source cancel the candidate.
    if (has_candidate_ && candidate_ssrc_ == ssrc &&
        s == static_cast<uint16_t>(candidate_max_seq_ + 1)) {
      candidate_max_seq_ = s;
      --candidate_probation_;
    } else {
      has_candidate_ = true;
      candidate_ssrc_ = ssrc;
      candidate_max_seq_ = s;
      candidate_probation_ = kMinSequential - 1;
    }
    if (candidate_probation_ > 0) {
      ++dropped_;
      return RtpVerdict::kProbation;
    }
    StartSource(ssrc, s);
    probation_ = 0;
    InitSeq(s);
    ++ssrc_changes_;
    ++received_;
    UpdateJitter(timestamp, arrival_ns);
    ++packets_;
    payload_bytes_ += payload_bytes;
    return RtpVerdict::kAccepted;
  } else {
    has_candidate_ = false;
  }

  RtpVerdict verdict = RtpVerdict::kAccepted;
  if (!UpdateSeq(s, verdict)) {
    ++dropped_;
    return verdict;
  }
  UpdateJitter(timestamp, arrival_ns);
  ++packets_;
  payload_bytes_ += payload_bytes;
  return RtpVerdict::kAccepted;
}

int64_t RtpReceiveStats::expected() const {
  if (!validated()) return 0;
  return static_cast<int64_t>(extended_highest_seq()) - static_cast<int64_t>(base_seq_) + 1;
}

RtpLossReport RtpReceiveStats::TakeReport() {
  RtpLossReport report;
  report.ssrc = ssrc_;
  if (!validated()) return report;
  // RFC 3550 A.3.
  const int64_t expected_total = expected();
  const int64_t expected_interval = expected_total - expected_prior_;
  expected_prior_ = static_cast<uint32_t>(expected_total);
  const int64_t received_interval = static_cast<int64_t>(received_) - received_prior_;
  received_prior_ = received_;
  const int64_t lost_interval = expected_interval - received_interval;
  if (expected_interval > 0 && lost_interval > 0) {
    report.fraction_lost =
        static_cast<uint8_t>(std::min<int64_t>((lost_interval << 8) / expected_interval, 255));
  }
  report.cumulative_lost =
      static_cast<int32_t>(std::clamp<int64_t>(cumulative_lost(), -0x800000, 0x7FFFFF));
  report.extended_highest_seq = extended_highest_seq();
  report.jitter = jitter_timestamp_units();
  return report;
}

}  // namespace chorus::media
