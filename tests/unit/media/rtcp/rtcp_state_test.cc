// Scenarios (RFC 3550 6.2, 6.3.1, 6.4), all on a FakeClock:
// - the first report is due within [0.5, 1.5] x Tmin/2, later ones within
//   [0.5, 1.5] x Tmin of the previous; over 400 intervals the mean is
//   about Tmin (5 s); the same seed repeats the same schedule;
// - SR when RTP was sent since the second previous report, RR otherwise;
// - LSR/DLSR: an SR from the peer received at t, our report 1.5 s later
//   carries LSR = compact NTP of that SR and DLSR = 1.5 s = 0x00018000;
// - RTT: our SR at NTP 0x....:0000 compact N; the peer's RR arrives 0.75 s
//   later with LSR = N and DLSR = 0.5 s (0x8000): RTT = 0.25 s;
// - loss fraction, cumulative loss and jitter (timestamp units over the
//   send clock rate) taken from the peer's block about our SSRC; blocks
//   about other SSRCs ignored; BYE noted.

#include "media/rtcp/rtcp_state.h"

#include <gtest/gtest.h>

#include <vector>

#include "media/rtcp/rtcp_builder.h"

namespace chorus::media {
namespace {

constexpr int64_t kUnixAtStartNs = 1'700'000'000'000'000'000;

class RtcpStateTest : public ::testing::Test {
 protected:
  RtcpStateTest() : ntp_(clock_, kUnixAtStartNs - clock_.NowNs()) {}

  RtcpStateOptions Options(uint32_t seed = 42) {
    RtcpStateOptions o;
    o.local_ssrc = 0xAAAA0001;
    o.cname = "leg-a@chorus";
    o.send_clock_rate_hz = 8000;
    o.random_seed = seed;
    return o;
  }

  FakeClock clock_{1'000'000'000};
  NtpClock ntp_;
};

TEST_F(RtcpStateTest, RandomisedIntervals) {
  RtcpState state(Options(), ntp_);
  const int64_t start = clock_.NowNs();
  const int64_t first = state.next_report_ns() - start;
  EXPECT_GE(first, 1'250'000'000);
  EXPECT_LE(first, 3'750'000'000);
  EXPECT_FALSE(state.ReportDue());
  clock_.AdvanceNs(first);
  EXPECT_TRUE(state.ReportDue());

  std::vector<uint8_t> out(kRtcpMaxReportBytes);
  int64_t sum = 0;
  const int kRounds = 400;
  for (int i = 0; i < kRounds; ++i) {
    const int64_t now = clock_.NowNs();
    ASSERT_GT(state.BuildReport(out, nullptr, nullptr), 0u);
    const int64_t interval = state.next_report_ns() - now;
    EXPECT_GE(interval, 2'500'000'000);
    EXPECT_LE(interval, 7'500'000'000);
    sum += interval;
    clock_.AdvanceNs(interval);
  }
  const double mean_s = static_cast<double>(sum) / kRounds / 1e9;
  EXPECT_NEAR(mean_s, 5.0, 0.25);

  FakeClock other_clock(1'000'000'000);
  RtcpState a(Options(7), NtpClock(other_clock, 0));
  RtcpState b(Options(7), NtpClock(other_clock, 0));
  EXPECT_EQ(a.next_report_ns(), b.next_report_ns());
}

TEST_F(RtcpStateTest, SenderOrReceiverReport) {
  RtcpState state(Options(), ntp_);
  std::vector<uint8_t> out(kRtcpMaxReportBytes);
  RtcpSenderStats sent{.packet_count = 10, .octet_count = 1600, .rtp_timestamp_now = 1234};

  size_t n = state.BuildReport(out, &sent, nullptr);
  auto c = RtcpCompound::Parse(std::span<const uint8_t>(out.data(), n));
  ASSERT_TRUE(c);
  EXPECT_TRUE(c->has_sender_info);
  EXPECT_EQ(c->sender_ssrc, 0xAAAA0001u);
  EXPECT_EQ(c->sender_info.packet_count, 10u);
  EXPECT_EQ(c->sender_info.rtp_timestamp, 1234u);
  EXPECT_EQ(c->sender_info.ntp.seconds, 1'700'000'000u + kNtpUnixEpochOffsetSeconds);
  EXPECT_EQ(c->cname, "leg-a@chorus");

  // Sending stopped after the first report: the second is still an SR (we
  // sent since the second previous report), the third is an RR.
  n = state.BuildReport(out, &sent, nullptr);
  EXPECT_TRUE(RtcpCompound::Parse(std::span<const uint8_t>(out.data(), n))->has_sender_info);
  n = state.BuildReport(out, &sent, nullptr);
  EXPECT_FALSE(RtcpCompound::Parse(std::span<const uint8_t>(out.data(), n))->has_sender_info);
  sent.packet_count = 11;  // sending again
  n = state.BuildReport(out, &sent, nullptr);
  EXPECT_TRUE(RtcpCompound::Parse(std::span<const uint8_t>(out.data(), n))->has_sender_info);

  n = state.BuildReport(out, nullptr, nullptr);
  EXPECT_FALSE(RtcpCompound::Parse(std::span<const uint8_t>(out.data(), n))->has_sender_info);
  EXPECT_EQ(state.reports_sent(), 5u);
}

TEST_F(RtcpStateTest, LsrAndDlsrInOurBlock) {
  RtcpState state(Options(), ntp_);
  RtpReceiveStats received(8000);
  for (uint16_t s = 1; s <= 3; ++s) {
    received.Update(0xBBBB0002, SeqNum(s), RtpTimestamp(160u * s), clock_.NowNs(), 160);
  }
  // Peer's SR with NTP 0x12345678:9abc0000 arrives now.
  RtcpCompound sr;
  sr.has_report = true;
  sr.has_sender_info = true;
  sr.sender_ssrc = 0xBBBB0002;
  sr.sender_info.ntp = NtpTime{0x12345678u, 0x9abc0000u};
  state.OnCompound(sr);

  clock_.AdvanceMs(1500);
  std::vector<uint8_t> out(kRtcpMaxReportBytes);
  size_t n = state.BuildReport(out, nullptr, &received);
  auto c = RtcpCompound::Parse(std::span<const uint8_t>(out.data(), n));
  ASSERT_TRUE(c);
  ASSERT_EQ(c->block_count, 1u);
  EXPECT_EQ(c->blocks[0].ssrc, 0xBBBB0002u);
  EXPECT_EQ(c->blocks[0].last_sr, 0x56789abcu);
  EXPECT_EQ(c->blocks[0].delay_since_last_sr, 0x00018000u);
  EXPECT_EQ(c->blocks[0].extended_highest_seq, 3u);
}

TEST_F(RtcpStateTest, RoundTripAndRemoteLoss) {
  RtcpState state(Options(), ntp_);
  std::vector<uint8_t> out(kRtcpMaxReportBytes);
  RtcpSenderStats sent{.packet_count = 100, .octet_count = 16000, .rtp_timestamp_now = 0};
  size_t n = state.BuildReport(out, &sent, nullptr);
  auto our_sr = RtcpCompound::Parse(std::span<const uint8_t>(out.data(), n));
  ASSERT_TRUE(our_sr);
  const uint32_t lsr = our_sr->sender_info.ntp.Compact();

  clock_.AdvanceMs(750);
  RtcpCompound rr;
  rr.has_report = true;
  rr.sender_ssrc = 0xBBBB0002;
  rr.blocks[0] = {.ssrc = 0x0BADF00D, .fraction_lost = 255};  // about someone else
  rr.blocks[1] = {.ssrc = 0xAAAA0001,
                  .fraction_lost = 64,
                  .cumulative_lost = 12,
                  .extended_highest_seq = 100,
                  .jitter = 80,
                  .last_sr = lsr,
                  .delay_since_last_sr = 0x8000};
  rr.block_count = 2;
  rr.has_bye = true;
  state.OnCompound(rr);

  const RtcpRemoteReport& remote = state.remote();
  ASSERT_TRUE(remote.valid);
  EXPECT_DOUBLE_EQ(remote.fraction_lost, 0.25);
  EXPECT_EQ(remote.cumulative_lost, 12);
  EXPECT_EQ(remote.extended_highest_seq, 100u);
  EXPECT_DOUBLE_EQ(remote.jitter_seconds, 0.01);
  ASSERT_TRUE(remote.rtt_seconds);
  EXPECT_DOUBLE_EQ(*remote.rtt_seconds, 0.25);
  EXPECT_TRUE(state.bye_received());
  EXPECT_EQ(state.compounds_received(), 1u);
}

}  // namespace
}  // namespace chorus::media
