#pragma once

// TimerService: one-shot timers for signalling-side state machines
// (transactions, dialogs, session timers). The loop-backed implementation
// lives in event_loop.h; FakeTimerService drives unit tests without sleeping.
// Thread: the owning loop's thread only.

#include <cstdint>
#include <functional>
#include <map>
#include <utility>

namespace chorus {

using TimerId = uint64_t;
inline constexpr TimerId kNoTimer = 0;

class TimerService {
 public:
  virtual ~TimerService() = default;
  virtual int64_t NowMs() const = 0;
  // Runs `fn` once, `delay_ms` from now (0 = next loop turn). Never kNoTimer.
  virtual TimerId Schedule(int64_t delay_ms, std::function<void()> fn) = 0;
  // Returns false when the timer already fired or was cancelled.
  virtual bool Cancel(TimerId id) = 0;
};

// Deterministic timers on a virtual clock. Advance() fires due timers in
// deadline order (ties in scheduling order), including ones scheduled by
// callbacks while advancing.
class FakeTimerService final : public TimerService {
 public:
  explicit FakeTimerService(int64_t start_ms = 1'000'000) : now_ms_(start_ms) {}

  int64_t NowMs() const override { return now_ms_; }
  TimerId Schedule(int64_t delay_ms, std::function<void()> fn) override {
    TimerId id = ++next_id_;
    timers_.emplace(Key{now_ms_ + (delay_ms < 0 ? 0 : delay_ms), id}, std::move(fn));
    return id;
  }
  bool Cancel(TimerId id) override {
    for (auto it = timers_.begin(); it != timers_.end(); ++it) {
      if (it->first.second == id) {
        timers_.erase(it);
        return true;
      }
    }
    return false;
  }

  // Moves time forward by `ms`, firing everything due on the way.
  void Advance(int64_t ms) {
    int64_t target = now_ms_ + ms;
    while (!timers_.empty() && timers_.begin()->first.first <= target) {
      auto it = timers_.begin();
      now_ms_ = it->first.first;
      auto fn = std::move(it->second);
      timers_.erase(it);
      fn();
    }
    now_ms_ = target;
  }
  size_t pending() const { return timers_.size(); }
  // Deadline of the earliest pending timer, or -1.
  int64_t NextDeadlineMs() const { return timers_.empty() ? -1 : timers_.begin()->first.first; }

 private:
  using Key = std::pair<int64_t, TimerId>;
  int64_t now_ms_;
  TimerId next_id_ = 0;
  std::map<Key, std::function<void()>> timers_;
};

}  // namespace chorus
