// Scenarios: SpeakerSelector on scripted per-tick level sequences (20 ms
// ticks; attack/release set to 0 where a test needs exact tick counts).
// - Options: each invalid field is rejected with an error naming it.
// - Free seats go to the loudest eligible participants at once; nobody below
//   the noise gate is ever seated; muted participants are never seated and a
//   seated speaker who mutes leaves at once.
// - No flapping: two speakers within the switch margin of each other, levels
//   alternating, never swap a seat.
// - A loud newcomer displaces the weakest seated speaker exactly after
//   switch_ms of beating it by the margin; an interrupted challenge starts
//   over; a newcomer inside the margin never displaces anyone.
// - Hold: a seated speaker gone quiet keeps the seat for exactly hold_ms,
//   and pauses shorter than that never release it.
// - Smoothing: a level rises within a tick or two and falls slowly.
// - Talking: starts after talk_start_ms at/above the threshold, stops after
//   talk_stop_ms below, each transition reported exactly once; blips and
//   dips shorter than that report nothing; muted frames are silent unless
//   talk_while_muted; a participant without a report is silent.
// - Capacity, slot reuse and removal of a seated speaker.
// - 1000 participants over background noise with 3 talkers: exactly those 3
//   seated and 3 talk-start events, stable over 10 s.
// - Report and Tick allocate nothing (global operator new is counted).

#include "mixer/room/speaker_selector.h"

#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <new>
#include <optional>
#include <random>
#include <vector>

namespace {
std::atomic<long> g_allocations{0};
}  // namespace

// Counting replacements of the global allocation functions; the other forms
// forward to these by default. GCC cannot see that the replaced new and
// delete are a matching malloc/free pair and warns where it inlines them.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif
void* operator new(std::size_t size) {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }

namespace chorus::mixer {
namespace {

SpeakerSelectorOptions ExactOptions() {
  SpeakerSelectorOptions o;
  o.attack_ms = 0;
  o.release_ms = 0;
  return o;
}

// A room of `n` participants (ids 100, 101, ...) and what its ticks reported.
class Harness {
 public:
  Harness(const SpeakerSelectorOptions& options, int n)
      : selector_(SpeakerSelector::Create(options).value()) {
    for (int i = 0; i < n; ++i) slots_.push_back(selector_.Add(100 + i).value());
  }

  // Reports `levels` (one per participant; nullopt = no report) and ticks
  // `ticks` times. Returns the number of ticks whose selection changed.
  int Run(const std::vector<std::optional<float>>& levels, int ticks,
          const std::vector<bool>& muted = {}) {
    int changes = 0;
    for (int t = 0; t < ticks; ++t) {
      for (size_t i = 0; i < levels.size(); ++i) {
        if (!levels[i]) continue;
        selector_.Report(slots_[i], {*levels[i], i < muted.size() && muted[i]});
      }
      const SpeakerSelector::TickResult r = selector_.Tick();
      changes += r.selection_changed ? 1 : 0;
      for (const TalkEvent& e : r.talk_events) events_.push_back(e);
    }
    return changes;
  }

  bool Selected(int i) const { return selector_.IsSelected(slots_[i]); }
  std::vector<int> SelectedIndices() const {
    std::vector<int> out;
    for (size_t i = 0; i < slots_.size(); ++i) {
      if (Selected(static_cast<int>(i))) out.push_back(static_cast<int>(i));
    }
    return out;
  }
  SpeakerSelector& selector() { return selector_; }
  SpeakerSlot slot(int i) const { return slots_[i]; }
  std::vector<TalkEvent>& events() { return events_; }

 private:
  SpeakerSelector selector_;
  std::vector<SpeakerSlot> slots_;
  std::vector<TalkEvent> events_;
};

TEST(SpeakerSelectorTest, RejectsInvalidOptionsNamingTheField) {
  const struct {
    void (*mutate)(SpeakerSelectorOptions&);
    const char* field;
  } cases[] = {
      {[](SpeakerSelectorOptions& o) { o.max_speakers = 0; }, "max_speakers"},
      {[](SpeakerSelectorOptions& o) { o.max_speakers = 300; }, "max_speakers"},
      {[](SpeakerSelectorOptions& o) { o.capacity = 0; }, "capacity"},
      {[](SpeakerSelectorOptions& o) { o.tick_ms = 0; }, "tick_ms"},
      {[](SpeakerSelectorOptions& o) { o.release_ms = -1; }, "release_ms"},
      {[](SpeakerSelectorOptions& o) { o.hold_ms = 1 << 30; }, "hold_ms"},
      {[](SpeakerSelectorOptions& o) { o.gate_dbov = 3; }, "gate_dbov"},
      {[](SpeakerSelectorOptions& o) { o.talk_threshold_dbov = -200; }, "talk_threshold_dbov"},
      {[](SpeakerSelectorOptions& o) { o.switch_margin_db = -1; }, "switch_margin_db"},
  };
  for (const auto& c : cases) {
    SpeakerSelectorOptions o;
    c.mutate(o);
    Result<SpeakerSelector> s = SpeakerSelector::Create(o);
    ASSERT_FALSE(s.has_value()) << c.field;
    EXPECT_EQ(s.error().code, ErrorCode::kInvalidArgument);
    EXPECT_NE(s.error().message.find(c.field), std::string::npos) << s.error().message;
  }
  EXPECT_TRUE(SpeakerSelector::Create(SpeakerSelectorOptions{}).has_value());
}

TEST(SpeakerSelectorTest, FreeSeatsGoToLoudestAboveTheGate) {
  Harness h(ExactOptions(), 5);  // 3 seats, gate -50
  h.Run({-20.0f, -60.0f, -30.0f, -51.0f, -10.0f}, 1);
  EXPECT_EQ(h.SelectedIndices(), (std::vector<int>{0, 2, 4}));
  // Below the gate nobody takes even a free seat.
  Harness quiet(ExactOptions(), 3);
  EXPECT_EQ(quiet.Run({-55.0f, -70.0f, -127.0f}, 100), 0);
  EXPECT_TRUE(quiet.SelectedIndices().empty());
  // Only as many as are above the gate are seated.
  Harness two(ExactOptions(), 4);
  two.Run({-20.0f, -60.0f, -25.0f, -90.0f}, 1);
  EXPECT_EQ(two.SelectedIndices(), (std::vector<int>{0, 2}));
}

TEST(SpeakerSelectorTest, MutedParticipantsAreNeverSelected) {
  Harness h(ExactOptions(), 4);
  h.Run({-5.0f, -30.0f, -6.0f, -40.0f}, 50, {true, false, true, false});
  EXPECT_EQ(h.SelectedIndices(), (std::vector<int>{1, 3}));
  // A seated speaker who mutes leaves at once, and a free seat is refilled.
  h.Run({-5.0f, -30.0f, -6.0f, -40.0f}, 1, {true, true, false, false});
  EXPECT_EQ(h.SelectedIndices(), (std::vector<int>{2, 3}));
  EXPECT_EQ(h.selector().selected().size(), 2u);
}

TEST(SpeakerSelectorTest, SimilarSpeakersDoNotFlap) {
  SpeakerSelectorOptions o;  // default smoothing
  o.max_speakers = 1;
  Harness h(o, 2);
  std::mt19937 rng(3);
  std::uniform_real_distribution<float> jitter(-2.5f, 2.5f);
  int changes = 0;
  for (int t = 0; t < 500; ++t) {
    // Alternating turns every 3 ticks, both around -25 dBov.
    const bool a_up = (t / 3) % 2 == 0;
    changes += h.Run({-25.0f + (a_up ? 2.0f : -2.0f) + jitter(rng),
                      -25.0f + (a_up ? -2.0f : 2.0f) + jitter(rng)},
                     1);
  }
  EXPECT_EQ(changes, 1);  // the first seat only
  EXPECT_EQ(h.selector().selected().size(), 1u);
}

TEST(SpeakerSelectorTest, LoudNewcomerDisplacesWeakestAfterHysteresis) {
  Harness h(ExactOptions(), 5);  // switch 200 ms = 10 ticks, margin 6 dB
  h.Run({-30.0f, -35.0f, -28.0f, std::nullopt, -90.0f}, 5);
  ASSERT_EQ(h.SelectedIndices(), (std::vector<int>{0, 1, 2}));
  size_t weakest_seat = 0;
  while (!(h.selector().selected()[weakest_seat] == h.slot(1))) ++weakest_seat;

  // Inside the margin (-35 + 6 = -29 needed): never displaces.
  EXPECT_EQ(h.Run({-30.0f, -35.0f, -28.0f, -29.5f, -90.0f}, 100), 0);
  EXPECT_FALSE(h.Selected(3));

  // Beats the bar for 9 ticks, then drops: the count starts over.
  h.Run({-30.0f, -35.0f, -28.0f, -15.0f, -90.0f}, 9);
  h.Run({-30.0f, -35.0f, -28.0f, -40.0f, -90.0f}, 1);
  h.Run({-30.0f, -35.0f, -28.0f, -15.0f, -90.0f}, 9);
  EXPECT_FALSE(h.Selected(3));
  // The 10th tick in a row wins the weakest seat, in place.
  EXPECT_EQ(h.Run({-30.0f, -35.0f, -28.0f, -15.0f, -90.0f}, 1), 1);
  EXPECT_EQ(h.SelectedIndices(), (std::vector<int>{0, 2, 3}));
  EXPECT_EQ(h.selector().selected()[weakest_seat], h.slot(3));
  // And it holds: the displaced speaker is now 20 dB weaker.
  EXPECT_EQ(h.Run({-30.0f, -35.0f, -28.0f, -15.0f, -90.0f}, 200), 0);
}

TEST(SpeakerSelectorTest, HoldKeepsAQuietSpeakerSeatedForHoldMs) {
  Harness h(ExactOptions(), 2);  // hold 800 ms = 40 ticks
  h.Run({-20.0f, -25.0f}, 10);
  ASSERT_EQ(h.SelectedIndices(), (std::vector<int>{0, 1}));
  // Pauses of 39 ticks, repeatedly: never released.
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(h.Run({-90.0f, -25.0f}, 39), 0);
    EXPECT_EQ(h.Run({-20.0f, -25.0f}, 1), 0);
  }
  // Quiet for 40 ticks: still seated; released on the 41st.
  EXPECT_EQ(h.Run({-90.0f, -25.0f}, 40), 0);
  EXPECT_TRUE(h.Selected(0));
  EXPECT_EQ(h.Run({-90.0f, -25.0f}, 1), 1);
  EXPECT_EQ(h.SelectedIndices(), (std::vector<int>{1}));
}

TEST(SpeakerSelectorTest, SmoothingAttacksFastAndReleasesSlowly) {
  Harness h(SpeakerSelectorOptions{}, 1);  // attack 10 ms, release 300 ms
  h.Run({-20.0f}, 1);
  const float after_one = h.selector().SmoothedDbov(h.slot(0));
  EXPECT_GT(after_one, -35.0f);  // 86% of the way from -127 in one tick
  h.Run({-20.0f}, 3);
  EXPECT_NEAR(h.selector().SmoothedDbov(h.slot(0)), -20.0f, 0.3f);
  EXPECT_TRUE(h.Selected(0));
  h.Run({-80.0f}, 5);  // 100 ms: 28% of the way down
  EXPECT_NEAR(h.selector().SmoothedDbov(h.slot(0)), -20.0f - 60.0f * 0.28f, 1.0f);
}

TEST(SpeakerSelectorTest, TalkingTransitionsReportedExactlyOnce) {
  Harness h(ExactOptions(), 2);  // threshold -40, start 3 ticks, stop 20 ticks
  // Blips of 2 ticks never start talking.
  for (int i = 0; i < 5; ++i) {
    h.Run({-30.0f, -90.0f}, 2);
    h.Run({-60.0f, -90.0f}, 1);
  }
  EXPECT_TRUE(h.events().empty());
  h.Run({-30.0f, -90.0f}, 2);
  EXPECT_TRUE(h.events().empty());
  h.Run({-30.0f, -90.0f}, 1);
  ASSERT_EQ(h.events().size(), 1u);
  EXPECT_EQ(h.events()[0].participant_id, 100u);
  EXPECT_EQ(h.events()[0].slot, h.slot(0));
  EXPECT_TRUE(h.events()[0].talking);
  EXPECT_TRUE(h.selector().IsTalking(h.slot(0)));
  // Dips of 19 ticks and more talking: no event.
  for (int i = 0; i < 3; ++i) {
    h.Run({-50.0f, -90.0f}, 19);
    h.Run({-35.0f, -90.0f}, 5);
  }
  EXPECT_EQ(h.events().size(), 1u);
  // 20 ticks below stops it, once.
  h.Run({-50.0f, -90.0f}, 19);
  EXPECT_EQ(h.events().size(), 1u);
  h.Run({-50.0f, -90.0f}, 1);
  ASSERT_EQ(h.events().size(), 2u);
  EXPECT_FALSE(h.events()[1].talking);
  h.Run({-50.0f, -90.0f}, 200);
  EXPECT_EQ(h.events().size(), 2u);
  EXPECT_FALSE(h.selector().IsTalking(h.slot(0)));
}

TEST(SpeakerSelectorTest, MutedAndSilentParticipantsAreNotTalking) {
  Harness muted(ExactOptions(), 1);
  muted.Run({-10.0f}, 50, {true});
  EXPECT_TRUE(muted.events().empty());

  SpeakerSelectorOptions o = ExactOptions();
  o.talk_while_muted = true;
  Harness told(o, 1);
  told.Run({-10.0f}, 3, {true});
  ASSERT_EQ(told.events().size(), 1u);
  EXPECT_TRUE(told.events()[0].talking);
  EXPECT_FALSE(told.Selected(0));  // still never mixed

  // No report at all counts as silence: talking stops after 20 ticks.
  Harness gone(ExactOptions(), 1);
  gone.Run({-10.0f}, 3);
  ASSERT_EQ(gone.events().size(), 1u);
  gone.Run({std::nullopt}, 19);
  EXPECT_EQ(gone.events().size(), 1u);
  gone.Run({std::nullopt}, 1);
  ASSERT_EQ(gone.events().size(), 2u);
  EXPECT_FALSE(gone.events()[1].talking);
}

TEST(SpeakerSelectorTest, CapacitySlotsAndRemoval) {
  SpeakerSelectorOptions o = ExactOptions();
  o.capacity = 4;
  o.max_speakers = 2;
  Harness h(o, 4);
  Result<SpeakerSlot> full = h.selector().Add(999);
  ASSERT_FALSE(full.has_value());
  EXPECT_EQ(full.error().code, ErrorCode::kExhausted);
  EXPECT_NE(full.error().message.find("999"), std::string::npos);

  h.Run({-20.0f, -25.0f, -30.0f, -90.0f}, 3);
  ASSERT_EQ(h.SelectedIndices(), (std::vector<int>{0, 1}));
  // Removing a seated speaker frees the seat at once; the next tick reports
  // the change and seats the next loudest.
  ASSERT_TRUE(h.selector().Remove(h.slot(0)).has_value());
  EXPECT_EQ(h.selector().selected().size(), 1u);
  EXPECT_EQ(h.selector().size(), 3u);
  EXPECT_FALSE(h.selector().Remove(h.slot(0)).has_value());
  EXPECT_EQ(h.selector().Remove(SpeakerSlot{77}).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(h.Run({std::nullopt, -25.0f, -30.0f, -90.0f}, 1), 1);
  EXPECT_EQ(h.SelectedIndices(), (std::vector<int>{1, 2}));

  // The freed slot is reused, starting silent and unseated.
  Result<SpeakerSlot> again = h.selector().Add(555);
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(*again, h.slot(0));
  EXPECT_EQ(h.selector().participant_id(*again), 555u);
  EXPECT_FALSE(h.selector().IsSelected(*again));
  EXPECT_FLOAT_EQ(h.selector().SmoothedDbov(*again), -127.0f);
}

TEST(SpeakerSelectorTest, ThousandParticipantsThreeTalkers) {
  SpeakerSelectorOptions o;
  o.capacity = 1024;
  Harness h(o, 1000);
  std::mt19937 rng(11);
  std::uniform_real_distribution<float> noise(-75.0f, -55.0f);
  std::uniform_real_distribution<float> voice(-28.0f, -18.0f);
  const int talkers[] = {17, 500, 999};
  std::vector<std::optional<float>> levels(1000);
  int changes = 0;
  for (int t = 0; t < 500; ++t) {
    for (int i = 0; i < 1000; ++i) levels[i] = noise(rng);
    for (int i : talkers) levels[i] = voice(rng);
    changes += h.Run(levels, 1);
  }
  EXPECT_EQ(h.SelectedIndices(), (std::vector<int>{17, 500, 999}));
  EXPECT_LE(changes, 3);  // seats filled, never changed after
  ASSERT_EQ(h.events().size(), 3u);
  for (const TalkEvent& e : h.events()) {
    EXPECT_TRUE(e.talking);
    EXPECT_TRUE(e.participant_id == 117 || e.participant_id == 600 || e.participant_id == 1099);
  }
}

TEST(SpeakerSelectorTest, ReportAndTickAllocateNothing) {
  SpeakerSelectorOptions o;
  o.capacity = 1024;
  Harness h(o, 1000);
  std::vector<SpeakerSlot> slots;
  for (int i = 0; i < 1000; ++i) slots.push_back(h.slot(i));
  const long before = g_allocations.load();
  size_t seen = 0;
  for (int t = 0; t < 300; ++t) {
    for (int i = 0; i < 1000; ++i) {
      // Everyone talks in turns, so events and seat changes happen.
      const bool loud = (i + t / 30) % 97 == 0;
      h.selector().Report(slots[i], {loud ? -15.0f : -70.0f, i % 13 == 0});
    }
    const SpeakerSelector::TickResult r = h.selector().Tick();
    seen += r.talk_events.size() + r.selected.size();
  }
  EXPECT_EQ(g_allocations.load(), before);
  EXPECT_GT(seen, 0u);
}

}  // namespace
}  // namespace chorus::mixer
