// Scenarios (scripted arrivals against a 20 ms playout tick; RTP per RFC 3550):
// - Steady stream: after buffering, one frame per tick in sequence order,
//   nothing lost, depth near the 20 ms minimum.
// - Reordering within the depth: played in sequence order, nothing late.
// - Duplicates: dropped and counted, each packet played once.
// - Loss: kMissing exactly where packets are missing; PeekNext() then shows
//   the following packet for FEC (RFC 6716 2.1.7).
// - A packet later than its turn: concealed as kMissing, then dropped as late.
// - Bursty jitter: the target grows to cover the burst spacing and playout
//   then runs without loss; after the network calms the target falls slowly.
// - Sequence and timestamp wrap-around (RFC 3550 A.1, RFC 1982).
// - Talk spurts (RFC 3551 4.1 marker bit / DTX): silence (kNothing) in the
//   gap, no loss counted, playout re-anchored on the new spurt.
// - Timestamp jump without marker and a sequence restart (RFC 3550 A.1
//   probation): re-anchor / reset, no storm of kMissing.
// - 10 ms and 60 ms packets against a 20 ms tick: durations come out right
//   and the stream plays in real time.
// - Stall then burst: the cursor holds on underrun (no loss); a stall longer
//   than the maximum depth drops the stale backlog instead of playing it late.
// - Bad sizes, option validation, Reset(), and no heap allocation in Put/Get.

#include "media/dsp/jitter_buffer.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <vector>

#include "tests/unit/media/testing/allocation_counter.h"

namespace chorus::media {
namespace {

using Kind = JitterOutput::Kind;

struct Arrival {
  uint16_t seq;
  uint32_t ts;
  int64_t arrival_ms;
  bool marker = false;
  uint32_t duration = 0;
};

struct Played {
  Kind kind;
  uint16_t seq;
  uint32_t duration;
};

// A sender at `frame_units` per packet, with arrivals given by a callback,
// and a receiver pulling audio every 20 ms tick.
class Simulation {
 public:
  explicit Simulation(JitterBufferOptions options = {})
      : jb_(JitterBuffer::Create(options).value()), tick_(options.tick_rtp_units) {}

  JitterBuffer& jb() { return jb_; }
  std::vector<Arrival>& arrivals() { return arrivals_; }
  const std::vector<Played>& played() const { return played_; }

  // Regular packets seq0.., every frame_ms, arriving at send time + delay(i).
  template <typename Delay>
  void AddStream(uint16_t seq0, uint32_t ts0, int count, int64_t start_ms, uint32_t frame_units,
                 int64_t frame_ms, Delay delay) {
    for (int i = 0; i < count; ++i) {
      arrivals_.push_back({static_cast<uint16_t>(seq0 + i), ts0 + i * frame_units,
                           start_ms + i * frame_ms + delay(i)});
    }
  }

  // Delivers packets due by each tick, then pulls one tick of audio.
  void Run(int64_t from_ms, int64_t to_ms) {
    std::stable_sort(arrivals_.begin(), arrivals_.end(), [](const Arrival& a, const Arrival& b) {
      return a.arrival_ms < b.arrival_ms;
    });
    for (int64_t now = from_ms; now < to_ms; now += 20) {
      while (next_ < arrivals_.size() && arrivals_[next_].arrival_ms <= now) {
        const Arrival& a = arrivals_[next_++];
        uint8_t payload[4] = {static_cast<uint8_t>(a.seq >> 8), static_cast<uint8_t>(a.seq), 0xAB,
                              0xCD};
        JitterPacket packet{SeqNum(a.seq), RtpTimestamp(a.ts), a.marker, a.arrival_ms, a.duration};
        put_results_.push_back(jb_.Put(packet, payload));
      }
      PullTick(now);
    }
  }

  void PullTick(int64_t now) {
    // The caller decodes whole packets and plays one tick from what it has.
    while (have_units_ < tick_) {
      JitterOutput out = jb_.Get(now);
      if (out.kind == Kind::kFrame) {
        EXPECT_EQ(out.payload.size(), 4u);
        uint16_t seq = static_cast<uint16_t>(out.payload[0] << 8 | out.payload[1]);
        EXPECT_EQ(seq, out.seq.value());
      }
      played_.push_back({out.kind, out.seq.value(), out.duration_rtp_units});
      EXPECT_GT(out.duration_rtp_units, 0u);
      have_units_ += out.duration_rtp_units;
    }
    have_units_ -= tick_;
  }

  // kMissing outputs before the last frame: after the stream ends the
  // buffer holds (conceals) for up to max_depth_ms, which is not loss.
  int MissingBeforeEnd() const {
    int count = 0, pending = 0;
    for (const Played& p : played_) {
      if (p.kind == Kind::kMissing) ++pending;
      if (p.kind == Kind::kFrame) {
        count += pending;
        pending = 0;
      }
    }
    return count;
  }
  int Count(Kind kind) const {
    return static_cast<int>(std::count_if(played_.begin(), played_.end(),
                                          [&](const Played& p) { return p.kind == kind; }));
  }
  std::vector<uint16_t> FrameSeqs() const {
    std::vector<uint16_t> seqs;
    for (const Played& p : played_) {
      if (p.kind == Kind::kFrame) seqs.push_back(p.seq);
    }
    return seqs;
  }
  int CountPut(JitterPutResult r) const {
    return static_cast<int>(std::count(put_results_.begin(), put_results_.end(), r));
  }

 private:
  JitterBuffer jb_;
  uint32_t tick_;
  std::vector<Arrival> arrivals_;
  size_t next_ = 0;
  std::vector<Played> played_;
  std::vector<JitterPutResult> put_results_;
  uint32_t have_units_ = 0;
};

std::vector<uint16_t> Range(uint16_t first, int count) {
  std::vector<uint16_t> v;
  for (int i = 0; i < count; ++i) v.push_back(static_cast<uint16_t>(first + i));
  return v;
}

auto NoDelay = [](int) { return int64_t{5}; };

TEST(JitterBufferTest, SteadyStreamPlaysInOrder) {
  Simulation sim;
  sim.AddStream(1000, 5000, 100, 0, 160, 20, NoDelay);
  sim.Run(0, 2100);
  EXPECT_EQ(sim.FrameSeqs(), Range(1000, 100));
  EXPECT_EQ(sim.MissingBeforeEnd(), 0);
  const JitterBufferStats& s = sim.jb().stats();
  EXPECT_EQ(s.lost, 0u);
  EXPECT_EQ(s.late, 0u);
  EXPECT_EQ(s.played, 100u);
  EXPECT_EQ(sim.jb().target_ms(), 20);
  // Buffering delay: at most one tick plus the target before the first frame.
  int leading_nothing = 0;
  while (sim.played()[leading_nothing].kind == Kind::kNothing) ++leading_nothing;
  EXPECT_LE(leading_nothing, 2);
}

TEST(JitterBufferTest, ReorderingWithinDepth) {
  Simulation sim;
  // Odd packets overtake even ones by 8 ms; jitter spread ~16 ms.
  sim.AddStream(0, 0, 100, 0, 160, 20, [](int i) { return int64_t{i % 2 == 0 ? 14 : 2}; });
  sim.Run(0, 2200);
  EXPECT_EQ(sim.FrameSeqs(), Range(0, 100));
  EXPECT_EQ(sim.jb().stats().late, 0u);
  EXPECT_EQ(sim.jb().stats().lost, 0u);
}

TEST(JitterBufferTest, DuplicatesDroppedAndCounted) {
  Simulation sim;
  sim.AddStream(10, 0, 50, 0, 160, 20, NoDelay);
  sim.AddStream(10, 0, 50, 0, 160, 20, [](int) { return int64_t{9}; });  // every packet twice
  sim.Run(0, 1200);
  EXPECT_EQ(sim.FrameSeqs(), Range(10, 50));
  EXPECT_EQ(sim.jb().stats().duplicate, 50u);
  EXPECT_EQ(sim.CountPut(JitterPutResult::kDuplicate), 50);
}

TEST(JitterBufferTest, LossGivesMissingAndPeekShowsNext) {
  JitterBufferOptions options;
  Simulation sim(options);
  sim.AddStream(500, 0, 100, 0, 160, 20, NoDelay);
  auto& a = sim.arrivals();
  a.erase(std::remove_if(a.begin(), a.end(),
                         [](const Arrival& x) { return x.seq % 10 == 7 && x.seq > 500; }),
          a.end());
  sim.Run(0, 2200);
  std::vector<uint16_t> missing;
  for (const Played& p : sim.played()) {
    if (p.kind == Kind::kMissing && p.seq < 600) {
      missing.push_back(p.seq);
      EXPECT_EQ(p.duration, 160u);
    }
  }
  EXPECT_EQ(missing, (std::vector<uint16_t>{507, 517, 527, 537, 547, 557, 567, 577, 587, 597}));
  EXPECT_EQ(sim.jb().stats().lost, 10u);
  EXPECT_EQ(sim.FrameSeqs().size(), 90u);
}

TEST(JitterBufferTest, PeekNextAfterMissing) {
  auto jb = JitterBuffer::Create({}).value();
  uint8_t p[3] = {1, 2, 3};
  jb.Put({SeqNum(1), RtpTimestamp(0), false, 0}, p);
  jb.Put({SeqNum(3), RtpTimestamp(320), false, 5}, p);
  EXPECT_FALSE(jb.PeekNext().has_value());  // not playing yet
  JitterOutput first = jb.Get(40);
  ASSERT_EQ(first.kind, Kind::kFrame);
  EXPECT_EQ(first.seq.value(), 1);
  JitterOutput lost = jb.Get(60);
  ASSERT_EQ(lost.kind, Kind::kMissing);
  EXPECT_EQ(lost.seq.value(), 2);
  EXPECT_EQ(lost.timestamp.value(), 160u);
  auto next = jb.PeekNext();
  ASSERT_TRUE(next.has_value());
  EXPECT_EQ(next->seq.value(), 3);
  EXPECT_EQ(next->payload.size(), 3u);
  // Peeking does not consume.
  JitterOutput third = jb.Get(80);
  ASSERT_EQ(third.kind, Kind::kFrame);
  EXPECT_EQ(third.seq.value(), 3);
}

TEST(JitterBufferTest, LatePacketConcealedThenDropped) {
  Simulation sim;
  sim.AddStream(0, 0, 60, 0, 160, 20, [](int i) { return int64_t{i == 20 ? 300 : 5}; });
  sim.Run(0, 1600);
  std::vector<uint16_t> frames = sim.FrameSeqs();
  EXPECT_EQ(std::count(frames.begin(), frames.end(), 20), 0);
  EXPECT_EQ(frames.size(), 59u);
  EXPECT_EQ(sim.jb().stats().late, 1u);
  EXPECT_EQ(sim.jb().stats().lost, 1u);
  EXPECT_EQ(sim.CountPut(JitterPutResult::kLate), 1);
}

TEST(JitterBufferTest, BurstyJitterAdaptsThenShrinksSlowly) {
  Simulation sim;
  // 3 s of packets released in bursts of 5 every 100 ms (up to 80 ms late).
  sim.AddStream(0, 0, 150, 0, 160, 20, [](int i) { return int64_t{(4 - i % 5) * 20 + 3}; });
  // Then 10 s of a clean network.
  sim.AddStream(150, 150 * 160, 500, 3000, 160, 20, [](int) { return int64_t{3}; });
  sim.Run(0, 1000);
  EXPECT_GE(sim.jb().target_ms(), 80);
  EXPECT_LE(sim.jb().target_ms(), 120);
  size_t settled = sim.played().size();
  sim.Run(1000, 3000);
  // Once adapted, the bursts play without concealment.
  for (size_t i = settled; i < sim.played().size(); ++i) {
    EXPECT_NE(sim.played()[i].kind, Kind::kMissing) << "at output " << i;
  }
  int target_during_bursts = sim.jb().target_ms();
  sim.Run(3000, 4000);
  // One second after the network calms down the target has not collapsed.
  EXPECT_GT(sim.jb().target_ms(), target_during_bursts / 2);
  sim.Run(4000, 13200);
  EXPECT_LE(sim.jb().target_ms(), 25);
  EXPECT_LE(sim.jb().depth_ms(), sim.jb().target_ms() + 40);
  EXPECT_EQ(sim.jb().stats().lost, 0u);
  EXPECT_GT(sim.jb().stats().shrink_skips, 0u);
  std::vector<uint16_t> frames = sim.FrameSeqs();
  EXPECT_EQ(frames.size() + sim.jb().stats().shrink_skips, 650u);
}

TEST(JitterBufferTest, SequenceAndTimestampWrap) {
  Simulation sim;
  sim.AddStream(65500, 0xFFFFF000u, 100, 0, 160, 20, [](int i) { return int64_t{i % 3 * 7}; });
  sim.Run(0, 2200);
  EXPECT_EQ(sim.FrameSeqs(), Range(65500, 100));
  EXPECT_EQ(sim.jb().stats().lost, 0u);
  EXPECT_EQ(sim.jb().stats().resets, 0u);
}

TEST(JitterBufferTest, TalkSpurtsWithMarker) {
  Simulation sim;
  sim.AddStream(100, 0, 50, 0, 160, 20, NoDelay);
  // 1.5 s of silence (no packets, timestamps move on), then a new spurt.
  sim.AddStream(150, 50 * 160 + 12000, 50, 2500, 160, 20, NoDelay);
  for (Arrival& a : sim.arrivals()) a.marker = a.seq == 150;
  sim.Run(0, 3700);
  EXPECT_EQ(sim.FrameSeqs(), Range(100, 100));
  EXPECT_EQ(sim.jb().stats().lost, 0u);
  // The gap is silence; a short hold (concealment) right after the first
  // spurt ends is allowed, then kNothing until the new spurt.
  EXPECT_GT(sim.Count(Kind::kNothing), 50);
  EXPECT_LE(sim.MissingBeforeEnd(), 10);
  // The second spurt plays in one run without concealment.
  const auto& played = sim.played();
  auto first_150 = std::find_if(played.begin(), played.end(), [](const Played& p) {
    return p.kind == Kind::kFrame && p.seq == 150;
  });
  ASSERT_NE(first_150, played.end());
  for (auto it = first_150; it != played.end(); ++it) {
    if (it->kind == Kind::kFrame && it->seq == 199) break;
    EXPECT_EQ(it->kind, Kind::kFrame);
  }
}

TEST(JitterBufferTest, TimestampJumpWithoutMarkerReanchors) {
  Simulation sim;
  sim.AddStream(0, 0, 50, 0, 160, 20, NoDelay);
  // Sender's timestamps leap by an hour; sequence numbers carry on.
  sim.AddStream(50, 50 * 160 + 8000 * 3600, 50, 1000, 160, 20, NoDelay);
  sim.Run(0, 2200);
  EXPECT_EQ(sim.FrameSeqs(), Range(0, 100));
  EXPECT_EQ(sim.MissingBeforeEnd(), 0);
  EXPECT_EQ(sim.jb().stats().lost, 0u);
}

TEST(JitterBufferTest, SequenceRestartNeedsTwoPackets) {
  Simulation sim;
  sim.AddStream(100, 0, 50, 0, 160, 20, NoDelay);
  // A new sender (SSRC change the caller did not flag): random new bases.
  sim.AddStream(40000, 777777, 50, 1000, 160, 20, NoDelay);
  sim.Run(0, 2200);
  EXPECT_EQ(sim.jb().stats().stray, 1u);
  EXPECT_EQ(sim.jb().stats().resets, 1u);
  std::vector<uint16_t> frames = sim.FrameSeqs();
  std::vector<uint16_t> expected = Range(100, 50);
  std::vector<uint16_t> second = Range(40001, 49);  // 40000 was the probe
  expected.insert(expected.end(), second.begin(), second.end());
  EXPECT_EQ(frames, expected);
}

TEST(JitterBufferTest, TenMsPacketsOnTwentyMsTick) {
  Simulation sim;
  sim.AddStream(0, 0, 200, 0, 80, 10, [](int i) { return int64_t{i % 4}; });
  sim.Run(0, 2200);
  EXPECT_EQ(sim.FrameSeqs(), Range(0, 200));
  for (const Played& p : sim.played()) {
    if (p.kind == Kind::kFrame) {
      EXPECT_EQ(p.duration, 80u);
    }
  }
  EXPECT_EQ(sim.jb().stats().lost, 0u);
}

TEST(JitterBufferTest, SixtyMsPacketsOnTwentyMsTick) {
  JitterBufferOptions options;
  options.clock_rate_hz = 48000;
  options.tick_rtp_units = 960;
  Simulation sim(options);
  sim.AddStream(0, 0, 40, 0, 2880, 60, [](int i) { return int64_t{i % 3 * 4}; });
  sim.Run(0, 2600);
  // Playout waits for a second packet to learn the length from timestamps;
  // that wait leaves one packet more than needed, which the shrink logic may
  // skip after a second.
  std::vector<uint16_t> frames = sim.FrameSeqs();
  EXPECT_LE(sim.jb().stats().shrink_skips, 1u);
  EXPECT_EQ(frames.size() + sim.jb().stats().shrink_skips, 40u);
  EXPECT_TRUE(std::is_sorted(frames.begin(), frames.end()));
  for (const Played& p : sim.played()) {
    if (p.kind == Kind::kFrame) {
      EXPECT_EQ(p.duration, 2880u) << p.seq;
    }
  }
  EXPECT_EQ(sim.MissingBeforeEnd(), 0);
}

TEST(JitterBufferTest, SixtyMsPacketsWithKnownLength) {
  JitterBufferOptions options;
  options.clock_rate_hz = 48000;
  options.tick_rtp_units = 960;
  Simulation sim(options);
  sim.AddStream(0, 0, 40, 0, 2880, 60, [](int i) { return int64_t{i % 3 * 4}; });
  for (Arrival& a : sim.arrivals()) a.duration = 2880;
  sim.Run(0, 2600);
  EXPECT_EQ(sim.FrameSeqs(), Range(0, 40));
  EXPECT_EQ(sim.MissingBeforeEnd(), 0);
  EXPECT_EQ(sim.jb().stats().shrink_skips, 0u);
}

TEST(JitterBufferTest, CallerSuppliedDurations) {
  Simulation sim;
  sim.AddStream(0, 0, 30, 0, 320, 40, NoDelay);
  for (Arrival& a : sim.arrivals()) a.duration = 320;
  sim.Run(0, 1400);
  EXPECT_EQ(sim.FrameSeqs(), Range(0, 30));
  EXPECT_EQ(sim.MissingBeforeEnd(), 0);
  // Known lengths need no extra start-up wait: the first frame comes within
  // the 20 ms target plus a tick.
  EXPECT_LE(sim.Count(Kind::kNothing), 2);
}

TEST(JitterBufferTest, ShortStallHoldsInsteadOfLosing) {
  Simulation sim;
  // Packets 30..34 are held up 100 ms by the network, then arrive together.
  sim.AddStream(0, 0, 100, 0, 160, 20,
                [](int i) { return int64_t{i >= 30 && i < 35 ? (35 - i) * 20 + 5 : 5}; });
  sim.Run(0, 2400);
  EXPECT_EQ(sim.FrameSeqs(), Range(0, 100));
  EXPECT_EQ(sim.jb().stats().lost, 0u);
  EXPECT_EQ(sim.jb().stats().underruns, 2u);  // the stall, and the stream's end
  EXPECT_GT(sim.MissingBeforeEnd(), 0);       // concealed while holding
  EXPECT_GE(sim.jb().target_ms(), 80);        // and the target learnt from it
}

TEST(JitterBufferTest, LongStallDropsStaleBacklog) {
  Simulation sim;
  // A 1 s outage: packets 50..99 all arrive at once at the end of it.
  sim.AddStream(0, 0, 150, 0, 160, 20,
                [](int i) { return int64_t{i >= 50 && i < 100 ? (100 - i) * 20 + 5 : 5}; });
  sim.Run(0, 3400);
  const JitterBufferStats& s = sim.jb().stats();
  EXPECT_GT(s.overflow, 30u);  // most of the backlog was stale
  EXPECT_EQ(s.lost + s.overflow + s.played, 150u);
  std::vector<uint16_t> frames = sim.FrameSeqs();
  ASSERT_FALSE(frames.empty());
  EXPECT_EQ(frames.back(), 149);
  EXPECT_TRUE(std::is_sorted(frames.begin(), frames.end()));
  // Playout of the tail is not delayed by the whole backlog.
  EXPECT_LE(sim.jb().depth_ms(), 240);
}

TEST(JitterBufferTest, PoolOverflowDropsOldest) {
  JitterBufferOptions options;
  options.slot_count = 8;
  auto jb = JitterBuffer::Create(options).value();
  uint8_t p[2] = {0, 0};
  for (uint16_t s = 0; s < 20; ++s) {
    EXPECT_EQ(jb.Put({SeqNum(s), RtpTimestamp(s * 160u), false, 0}, p), JitterPutResult::kStored);
  }
  EXPECT_EQ(jb.stats().overflow, 12u);
  // All arrived at once, so the target went to its maximum: play after it.
  JitterOutput out = jb.Get(200);
  ASSERT_EQ(out.kind, Kind::kFrame);
  EXPECT_GE(out.seq.value(), 12);
}

TEST(JitterBufferTest, BadSizesRefused) {
  JitterBufferOptions options;
  options.max_payload_bytes = 100;
  auto jb = JitterBuffer::Create(options).value();
  std::vector<uint8_t> big(101), ok(100);
  EXPECT_EQ(jb.Put({SeqNum(1), RtpTimestamp(0), false, 0}, big), JitterPutResult::kBadSize);
  EXPECT_EQ(jb.Put({SeqNum(1), RtpTimestamp(0), false, 0}, {}), JitterPutResult::kBadSize);
  EXPECT_EQ(jb.Put({SeqNum(1), RtpTimestamp(0), false, 0}, ok), JitterPutResult::kStored);
  EXPECT_EQ(jb.stats().bad_size, 2u);
}

TEST(JitterBufferTest, ResetStartsOver) {
  Simulation sim;
  sim.AddStream(0, 0, 20, 0, 160, 20, NoDelay);
  sim.Run(0, 300);
  sim.jb().Reset();
  EXPECT_FALSE(sim.jb().playing());
  EXPECT_EQ(sim.jb().depth_ms(), 0);
  uint8_t p[4] = {0x12, 0x34, 0, 0};
  EXPECT_EQ(sim.jb().Put({SeqNum(0x1234), RtpTimestamp(99), false, 400}, p),
            JitterPutResult::kStored);
  // A lone packet of unknown length plays after the target plus 120 ms.
  EXPECT_EQ(sim.jb().Get(500).kind, Kind::kNothing);
  JitterOutput out = sim.jb().Get(600);
  ASSERT_EQ(out.kind, Kind::kFrame);
  EXPECT_EQ(out.seq.value(), 0x1234);
  EXPECT_EQ(sim.jb().stats().resets, 1u);
}

TEST(JitterBufferTest, RejectsBadOptions) {
  JitterBufferOptions options;
  options.slot_count = 60;
  auto r = JitterBuffer::Create(options);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("slot count"), std::string::npos);
  options = {};
  options.min_depth_ms = 300;
  EXPECT_FALSE(JitterBuffer::Create(options));
  options = {};
  options.tick_rtp_units = 0;
  EXPECT_FALSE(JitterBuffer::Create(options));
  options = {};
  options.max_payload_bytes = 70000;
  EXPECT_FALSE(JitterBuffer::Create(options));
}

TEST(JitterBufferTest, PutAndGetDoNotAllocate) {
  auto jb = JitterBuffer::Create({}).value();
  std::vector<uint8_t> payload(160, 0x55);
  testing::AllocationScope scope;
  int64_t now = 0;
  for (uint16_t s = 0; s < 2000; ++s) {
    // Loss, reordering and a duplicate in the mix.
    if (s % 17 != 3) {
      uint16_t seq = s % 5 == 1 ? s + 1 : (s % 5 == 2 ? s - 1 : s);
      jb.Put({SeqNum(seq), RtpTimestamp(seq * 160u), false, now + s % 7}, payload);
      if (s % 50 == 0) jb.Put({SeqNum(seq), RtpTimestamp(seq * 160u), false, now}, payload);
    }
    JitterOutput out = jb.Get(now);
    if (out.kind == Kind::kMissing) (void)jb.PeekNext();
    now += 20;
  }
  EXPECT_EQ(scope.count(), 0);
  EXPECT_GT(jb.stats().played, 1800u);
}

}  // namespace
}  // namespace chorus::media
