// Scenarios, hand-worked against RFC 3550 appendix A:
// - A.1 probation: the first packet is held back, the second in sequence
//   validates the source and is the base; a gap during probation restarts
//   it;
// - A.3 loss: seqs 101..105 with 103 missing -> expected 5, lost 1,
//   fraction 1*256/5 = 51; the next clean interval reports fraction 0 and
//   cumulative 1; duplicates make cumulative loss negative;
// - A.1 wrap: 65535 -> 0 -> 1 counts a cycle (extended max 65537);
// - A.1 reorder within MAX_MISORDER is accepted without moving max_seq;
// - A.1 big jump (> MAX_DROPOUT) dropped; the following packet confirms it
//   and re-synchronises (base reset); an unconfirmed jump stays dropped;
// - A.8 jitter: on-time packets give 0; one packet 10 ms (80 units at
//   8 kHz) late gives J = 80/16 = 5; the next on-time one 5 + (80-5)/16 ->
//   9 (fixed point 155/16); seconds = 155/16/8000; equal timestamps
//   (RFC 4733 updates) are skipped;
// - SSRC change: a new SSRC replaces a validated source only after its own
//   probation, packets of the old source cancel the candidate; counters.

#include "media/rtp/rtp_receive_stats.h"

#include <gtest/gtest.h>

namespace chorus::media {
namespace {

constexpr int64_t kStartNs = 5'000'000'000;
constexpr int64_t kPtimeNs = 20'000'000;

class Feeder {
 public:
  explicit Feeder(RtpReceiveStats& stats, uint32_t ssrc = 0x1234) : stats_(stats), ssrc_(ssrc) {}
  // Packet `seq` sent at its nominal time (index from seq_origin_), arriving
  // `late_ns` after that.
  RtpVerdict Send(uint16_t seq, int64_t late_ns = 0, uint32_t ssrc = 0) {
    int32_t index = SeqNum(seq).DistanceFrom(SeqNum(origin_));
    return stats_.Update(ssrc ? ssrc : ssrc_, SeqNum(seq), RtpTimestamp(1000 + 160 * index),
                         kStartNs + index * kPtimeNs + late_ns, 160);
  }
  void set_origin(uint16_t origin) { origin_ = origin; }

 private:
  RtpReceiveStats& stats_;
  uint32_t ssrc_;
  uint16_t origin_ = 100;
};

TEST(RtpReceiveStatsTest, ProbationThenValid) {
  RtpReceiveStats stats(8000);
  Feeder f(stats);
  EXPECT_EQ(f.Send(100), RtpVerdict::kProbation);
  EXPECT_FALSE(stats.validated());
  EXPECT_EQ(f.Send(101), RtpVerdict::kAccepted);
  EXPECT_TRUE(stats.validated());
  EXPECT_EQ(stats.expected(), 1);
  EXPECT_EQ(stats.cumulative_lost(), 0);
  EXPECT_EQ(stats.packets(), 1u);
  EXPECT_EQ(stats.dropped(), 1u);
}

TEST(RtpReceiveStatsTest, GapDuringProbationRestartsIt) {
  RtpReceiveStats stats(8000);
  Feeder f(stats);
  EXPECT_EQ(f.Send(100), RtpVerdict::kProbation);
  EXPECT_EQ(f.Send(105), RtpVerdict::kProbation);
  EXPECT_EQ(f.Send(106), RtpVerdict::kAccepted);
  EXPECT_EQ(stats.extended_highest_seq(), 106u);
}

TEST(RtpReceiveStatsTest, LossFractionAndCumulative) {
  RtpReceiveStats stats(8000);
  Feeder f(stats);
  for (uint16_t s : {100, 101, 102, 104, 105}) f.Send(s);
  EXPECT_EQ(stats.expected(), 5);  // 101..105
  EXPECT_EQ(stats.cumulative_lost(), 1);
  RtpLossReport r = stats.TakeReport();
  EXPECT_EQ(r.ssrc, 0x1234u);
  EXPECT_EQ(r.fraction_lost, 51);  // 1 * 256 / 5
  EXPECT_EQ(r.cumulative_lost, 1);
  EXPECT_EQ(r.extended_highest_seq, 105u);

  for (uint16_t s = 106; s <= 110; ++s) f.Send(s);
  r = stats.TakeReport();
  EXPECT_EQ(r.fraction_lost, 0);
  EXPECT_EQ(r.cumulative_lost, 1);
  EXPECT_EQ(r.extended_highest_seq, 110u);
}

TEST(RtpReceiveStatsTest, DuplicatesGiveNegativeLoss) {
  RtpReceiveStats stats(8000);
  Feeder f(stats);
  f.Send(100);
  f.Send(101);
  EXPECT_EQ(f.Send(101), RtpVerdict::kAccepted);  // duplicate: valid per A.1
  f.Send(102);
  RtpLossReport r = stats.TakeReport();
  EXPECT_EQ(r.cumulative_lost, -1);
  EXPECT_EQ(r.fraction_lost, 0);
}

TEST(RtpReceiveStatsTest, SequenceWrapCountsCycle) {
  RtpReceiveStats stats(8000);
  Feeder f(stats);
  f.set_origin(65534);
  f.Send(65534);
  f.Send(65535);
  f.Send(0);
  f.Send(1);
  EXPECT_EQ(stats.extended_highest_seq(), 65537u);
  EXPECT_EQ(stats.expected(), 3);
  EXPECT_EQ(stats.cumulative_lost(), 0);
}

TEST(RtpReceiveStatsTest, ReorderWithinMisorderAccepted) {
  RtpReceiveStats stats(8000);
  Feeder f(stats);
  f.Send(100);
  f.Send(101);
  f.Send(103);
  EXPECT_EQ(f.Send(102), RtpVerdict::kAccepted);
  EXPECT_EQ(stats.extended_highest_seq(), 103u);
  EXPECT_EQ(stats.cumulative_lost(), 0);
}

TEST(RtpReceiveStatsTest, BigJumpResynchronisesWhenConfirmed) {
  RtpReceiveStats stats(8000);
  Feeder f(stats);
  f.Send(100);
  f.Send(101);
  f.Send(102);
  EXPECT_EQ(f.Send(9000), RtpVerdict::kBadJump);
  EXPECT_EQ(f.Send(20000), RtpVerdict::kBadJump);  // not 9001: still unconfirmed
  EXPECT_EQ(f.Send(20001), RtpVerdict::kAccepted);
  EXPECT_EQ(stats.resyncs(), 1u);
  EXPECT_EQ(stats.expected(), 1);  // base restarted at 20001
  EXPECT_EQ(f.Send(20002), RtpVerdict::kAccepted);
  EXPECT_EQ(stats.extended_highest_seq(), 20002u);
}

TEST(RtpReceiveStatsTest, JitterHandWorked) {
  RtpReceiveStats stats(8000);
  Feeder f(stats);
  for (uint16_t s = 100; s <= 105; ++s) f.Send(s);
  EXPECT_EQ(stats.jitter_timestamp_units(), 0u);
  f.Send(106, 10'000'000);  // 80 units late: J = 0 + (80 - 0) / 16
  EXPECT_EQ(stats.jitter_timestamp_units(), 5u);
  f.Send(107);  // back on time: |D| = 80, J = 80 + 80 - 5 = 155 (x16)
  EXPECT_EQ(stats.jitter_timestamp_units(), 9u);
  EXPECT_DOUBLE_EQ(stats.jitter_seconds(), 155.0 / 16 / 8000);
  EXPECT_EQ(stats.TakeReport().jitter, 9u);
}

TEST(RtpReceiveStatsTest, JitterSkipsRepeatedTimestamps) {
  RtpReceiveStats stats(8000);
  stats.Update(1, SeqNum(1), RtpTimestamp(0), kStartNs, 4);
  stats.Update(1, SeqNum(2), RtpTimestamp(160), kStartNs + kPtimeNs, 4);
  // Event updates keep the timestamp while time goes on.
  stats.Update(1, SeqNum(3), RtpTimestamp(160), kStartNs + 3 * kPtimeNs, 4);
  stats.Update(1, SeqNum(4), RtpTimestamp(160), kStartNs + 5 * kPtimeNs, 4);
  EXPECT_EQ(stats.jitter_timestamp_units(), 0u);
}

TEST(RtpReceiveStatsTest, SsrcChangeNeedsProbation) {
  RtpReceiveStats stats(8000);
  Feeder f(stats);
  f.Send(100);
  f.Send(101);
  f.Send(102);
  // A stray packet of another SSRC does not disturb the source.
  EXPECT_EQ(f.Send(500, 0, 0x9999), RtpVerdict::kProbation);
  EXPECT_EQ(f.Send(103), RtpVerdict::kAccepted);  // cancels the candidate
  EXPECT_EQ(f.Send(501, 0, 0x9999), RtpVerdict::kProbation);
  EXPECT_EQ(stats.ssrc(), 0x1234u);
  // The new source sends on in sequence: it takes over.
  EXPECT_EQ(f.Send(502, 0, 0x9999), RtpVerdict::kAccepted);
  EXPECT_EQ(stats.ssrc(), 0x9999u);
  EXPECT_EQ(stats.ssrc_changes(), 1u);
  EXPECT_EQ(stats.expected(), 1);
  EXPECT_EQ(f.Send(503, 0, 0x9999), RtpVerdict::kAccepted);
  EXPECT_EQ(stats.TakeReport().ssrc, 0x9999u);
  EXPECT_EQ(stats.packets(), 5u);  // 101, 102, 103, 502, 503
  EXPECT_EQ(stats.payload_bytes(), 5u * 160);
  EXPECT_EQ(stats.dropped(), 3u);  // 100, 500, 501
}

TEST(RtpReceiveStatsTest, ReportBeforeValidationIsEmpty) {
  RtpReceiveStats stats(8000);
  Feeder f(stats);
  f.Send(100);
  RtpLossReport r = stats.TakeReport();
  EXPECT_EQ(r.extended_highest_seq, 0u);
  EXPECT_EQ(r.fraction_lost, 0);
}

}  // namespace
}  // namespace chorus::media
