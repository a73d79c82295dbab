#include "media/rtcp/rtcp_state.h"

#include "media/base/check.h"
#include "media/rtcp/rtcp_builder.h"
#include "media/rtp/rtp_random.h"

namespace chorus::media {

RtcpState::RtcpState(const RtcpStateOptions& options, NtpClock ntp_clock)
    : options_(options), ntp_clock_(ntp_clock) {
  CHORUS_CHECK(options_.interval_ms > 0);
  CHORUS_CHECK(options_.send_clock_rate_hz > 0);
  CHORUS_CHECK(options_.cname.size() <= 255);
  rng_ = options_.random_seed != 0 ? options_.random_seed : (RandomU32() | 1);
  // RFC 3550 6.2: the first report may go out after half the minimum.
  next_report_ns_ = clock().NowNs() + RandomisedIntervalNs(options_.interval_ms / 2);
}

uint32_t RtcpState::NextRandom() {
  // xorshift32: plenty for spreading report times.
  rng_ ^= rng_ << 13;
  rng_ ^= rng_ >> 17;
  rng_ ^= rng_ << 5;
  return rng_;
}

int64_t RtcpState::RandomisedIntervalNs(int64_t base_ms) {
  // RFC 3550 6.3.1: T = Td * U[0.5, 1.5].
  const double factor = 0.5 + static_cast<double>(NextRandom()) / 4294967296.0;
  return static_cast<int64_t>(static_cast<double>(base_ms) * 1e6 * factor);
}

size_t RtcpState::BuildReport(std::span<uint8_t> out, const RtcpSenderStats* sent,
                              RtpReceiveStats* received) {
  const int64_t now_ns = clock().NowNs();
  RtcpReportInput input;
  input.ssrc = options_.local_ssrc;
  input.cname = options_.cname;

  // RFC 3550 6.4: SR if we sent RTP since the second previous report.
  const uint32_t packets_now = sent ? sent->packet_count : 0;
  const bool sent_recently =
      sent != nullptr && (packets_now != packets_at_second_last_report_ || reports_built_ < 2) &&
      packets_now != 0;
  if (sent_recently) {
    RtcpSenderInfo info;
    info.ntp = ntp_clock_.At(now_ns);
    info.rtp_timestamp = sent->rtp_timestamp_now;
    info.packet_count = sent->packet_count;
    info.octet_count = sent->octet_count;
    input.sender_info = info;
  }

  if (received != nullptr && received->validated()) {
    const RtpLossReport loss = received->TakeReport();
    RtcpReportBlock block;
    block.ssrc = loss.ssrc;
    block.fraction_lost = loss.fraction_lost;
    block.cumulative_lost = loss.cumulative_lost;
    block.extended_highest_seq = loss.extended_highest_seq;
    block.jitter = loss.jitter;
    if (have_remote_sr_ && remote_sr_ssrc_ == loss.ssrc) {
      block.last_sr = remote_sr_compact_;
      block.delay_since_last_sr = NanosecondsToCompactNtp(now_ns - remote_sr_arrival_ns_);
    }
    input.block = block;
  }

  next_report_ns_ = now_ns + RandomisedIntervalNs(options_.interval_ms);
  const size_t size = BuildRtcpReport(input, out);
  if (size == 0) return 0;
  packets_at_second_last_report_ = packets_at_last_report_;
  packets_at_last_report_ = packets_now;
  ++reports_built_;
  ++reports_sent_;
  return size;
}

void RtcpState::OnCompound(const RtcpCompound& compound) {
  const int64_t now_ns = clock().NowNs();
  ++compounds_received_;
  if (compound.has_bye) bye_received_ = true;
  if (compound.has_report && compound.has_sender_info) {
    have_remote_sr_ = true;
    remote_sr_ssrc_ = compound.sender_ssrc;
    remote_sr_compact_ = compound.sender_info.ntp.Compact();
    remote_sr_arrival_ns_ = now_ns;
  }
  const RtcpReportBlock* block = compound.FindBlock(options_.local_ssrc);
  if (block == nullptr) return;
  remote_.valid = true;
  remote_.fraction_lost = block->fraction_lost / 256.0;
  remote_.cumulative_lost = block->cumulative_lost;
  remote_.extended_highest_seq = block->extended_highest_seq;
  remote_.jitter_seconds =
      static_cast<double>(block->jitter) / static_cast<double>(options_.send_clock_rate_hz);
  const auto rtt =
      RoundTripCompact(ntp_clock_.At(now_ns).Compact(), block->last_sr, block->delay_since_last_sr);
  if (rtt) remote_.rtt_seconds = CompactNtpToSeconds(*rtt);
}

}  // namespace chorus::media
