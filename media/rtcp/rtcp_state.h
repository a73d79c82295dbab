#pragma once

// RtcpState: the RTCP side of one RTP stream (one local source, one remote
// source, as in a call leg).
//   - Timing (RFC 3550 6.2, 6.3.1): reports every `interval_ms` (the fixed
//     minimum Tmin, 5 s), each interval scaled by a random factor in
//     [0.5, 1.5] so streams do not synchronise; the first report comes after
//     half the minimum, randomised the same way. With two members and audio
//     bandwidth the bandwidth-derived interval is always below Tmin, so it is
//     not computed; there is no timer reconsideration (membership never
//     grows), hence no e - 3/2 compensation either.
//   - Outgoing report: SR when we sent RTP since the second previous report
//     (6.4), else RR; one report block for the received stream with LSR and
//     DLSR from the last SR of that source; SDES CNAME.
//   - Incoming compound: remembers the SR (for LSR/DLSR), and from the
//     report block about our SSRC takes fraction lost, cumulative loss,
//     jitter and the round-trip time (6.4.1).
//
// Owned by the stream on its media worker; allocation-free after creation
// (the CNAME is copied once). Time comes from the injected Clock via
// NtpClock.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "media/rtcp/rtcp_ntp.h"
#include "media/rtcp/rtcp_packet.h"
#include "media/rtp/rtp_receive_stats.h"

namespace chorus::media {

struct RtcpStateOptions {
  uint32_t local_ssrc = 0;
  std::string cname;
  // Clock rate of the stream we send, to express the peer's jitter in seconds.
  uint32_t send_clock_rate_hz = 8000;
  int64_t interval_ms = 5000;  // RFC 3550 6.2 Tmin
  // Seed of the interval randomisation; 0 draws one at random.
  uint32_t random_seed = 0;
};

// What we sent, for the SR sender info (counters wrap as on the wire).
struct RtcpSenderStats {
  uint32_t packet_count = 0;
  uint32_t octet_count = 0;
  // RTP timestamp that corresponds to "now" in the sent stream's clock.
  uint32_t rtp_timestamp_now = 0;
};

// The peer's view of our stream, from its last report block about us.
struct RtcpRemoteReport {
  bool valid = false;
  double fraction_lost = 0;  // 0..1 over the peer's last interval
  int32_t cumulative_lost = 0;
  uint32_t extended_highest_seq = 0;
  double jitter_seconds = 0;
  std::optional<double> rtt_seconds;  // from the last block with LSR set
};

class RtcpState {
 public:
  RtcpState(const RtcpStateOptions& options, NtpClock ntp_clock);

  bool ReportDue() const { return clock().NowNs() >= next_report_ns_; }
  int64_t next_report_ns() const { return next_report_ns_; }

  // Builds the periodic report into `out` (kRtcpMaxReportBytes suffice)
  // and schedules the next one. `sent` is null when we send no RTP;
  // `received` (may be null) supplies the report block and starts a new
  // loss interval. Returns the size, 0 if `out` is too small.
  size_t BuildReport(std::span<uint8_t> out, const RtcpSenderStats* sent,
                     RtpReceiveStats* received);

  // Takes in a parsed compound from the peer.
  void OnCompound(const RtcpCompound& compound);

  const RtcpRemoteReport& remote() const { return remote_; }
  bool bye_received() const { return bye_received_; }
  uint64_t reports_sent() const { return reports_sent_; }
  uint64_t compounds_received() const { return compounds_received_; }

 private:
  const Clock& clock() const { return ntp_clock_.clock(); }
  // Next randomised interval in ns for a base interval in ms.
  int64_t RandomisedIntervalNs(int64_t base_ms);
  uint32_t NextRandom();

  RtcpStateOptions options_;
  NtpClock ntp_clock_;
  uint32_t rng_;
  int64_t next_report_ns_ = 0;

  // SR/RR choice: packets sent at the previous and second previous report.
  uint32_t packets_at_last_report_ = 0;
  uint32_t packets_at_second_last_report_ = 0;
  int reports_built_ = 0;

  // Last SR from the remote source, for LSR/DLSR.
  bool have_remote_sr_ = false;
  uint32_t remote_sr_ssrc_ = 0;
  uint32_t remote_sr_compact_ = 0;
  int64_t remote_sr_arrival_ns_ = 0;

  RtcpRemoteReport remote_;
  bool bye_received_ = false;
  uint64_t reports_sent_ = 0;
  uint64_t compounds_received_ = 0;
};

}  // namespace chorus::media
