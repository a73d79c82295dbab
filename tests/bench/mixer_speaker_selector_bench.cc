// SpeakerSelector cost per 20 ms tick: Report for every participant plus one
// Tick, for rooms of 10, 100 and 1000 participants with 3 talkers over
// background noise and 2% of the room muted. Figures: docs/bench/mixer.md.

#include <benchmark/benchmark.h>

#include <algorithm>
#include <random>
#include <vector>

#include "mixer/room/speaker_selector.h"

namespace chorus::mixer {
namespace {

void BM_SpeakerSelectorTick(benchmark::State& state) {
  const auto participants = static_cast<int>(state.range(0));
  SpeakerSelectorOptions options;
  options.capacity = participants;
  SpeakerSelector selector = SpeakerSelector::Create(options).value();
  std::vector<SpeakerSlot> slots;
  for (int i = 0; i < participants; ++i) slots.push_back(selector.Add(1000 + i).value());

  // 64 ticks of scripted levels, replayed: noise at -75..-55 dBov, talkers
  // at -30..-15 with gaps, the talkers changing every 16 ticks.
  constexpr int kTicks = 64;
  std::mt19937 rng(5);
  std::uniform_real_distribution<float> noise(-75.0f, -55.0f);
  std::uniform_real_distribution<float> voice(-30.0f, -15.0f);
  std::vector<SpeakerLevel> levels(static_cast<size_t>(kTicks * participants));
  for (int t = 0; t < kTicks; ++t) {
    for (int i = 0; i < participants; ++i) {
      const bool talker = (i + t / 16) % (participants / 3 + 1) == 0 && t % 7 != 0;
      levels[static_cast<size_t>(t * participants + i)] = {talker ? voice(rng) : noise(rng),
                                                           i % 50 == 49};
    }
  }
  int t = 0;
  size_t seen = 0;
  for (auto _ : state) {
    const SpeakerLevel* tick_levels = &levels[static_cast<size_t>(t * participants)];
    for (int i = 0; i < participants; ++i) selector.Report(slots[i], tick_levels[i]);
    const SpeakerSelector::TickResult r = selector.Tick();
    seen += r.selected.size() + r.talk_events.size();
    t = t + 1 == kTicks ? 0 : t + 1;
  }
  benchmark::DoNotOptimize(seen);
  state.counters["ns_per_participant"] = benchmark::Counter(
      static_cast<double>(participants) * static_cast<double>(state.iterations()),
      benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}
BENCHMARK(BM_SpeakerSelectorTick)
    ->Arg(10)
    ->Arg(100)
    ->Arg(1000)
    ->Unit(benchmark::kMicrosecond)
    ->ComputeStatistics("min", [](const std::vector<double>& v) {
      return *std::min_element(v.begin(), v.end());
    });

}  // namespace
}  // namespace chorus::mixer
