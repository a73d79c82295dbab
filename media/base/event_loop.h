#pragma once

// EventLoop: a libevent event_base with its owning thread recorded, plus a
// TimerService on it. One per thread (the signalling loop, each media
// worker). Created on any thread; Run() binds it to the calling thread.
// Stop() and Wake-ups from other threads go through WakeupFd (wakeup.h).

#include <event2/event.h>

#include <atomic>
#include <functional>
#include <memory>
#include <thread>
#include <unordered_map>

#include "media/base/c_handle.h"
#include "media/base/result.h"
#include "media/base/timer_service.h"

namespace chorus {

using UniqueEventBase = CHandle<event_base, event_base_free>;
using UniqueEvent = CHandle<event, event_free>;

class EventLoop final : public TimerService {
 public:
  static Result<std::unique_ptr<EventLoop>> Create();
  ~EventLoop() override;
  EventLoop(const EventLoop&) = delete;
  EventLoop& operator=(const EventLoop&) = delete;

  event_base* base() const { return base_.get(); }

  // Runs until Stop() (from this thread) or no events remain.
  void Run();
  // Runs one non-blocking pass (tests).
  void RunOnce();
  // Only from the loop's own thread; other threads post a command instead.
  void Stop();
  bool IsCurrent() const;

  // TimerService
  int64_t NowMs() const override;
  TimerId Schedule(int64_t delay_ms, std::function<void()> fn) override;
  bool Cancel(TimerId id) override;
  size_t pending_timers() const { return timers_.size(); }

 private:
  struct Timer {
    EventLoop* loop;
    TimerId id;
    UniqueEvent ev;
    std::function<void()> fn;
  };
  explicit EventLoop(UniqueEventBase base);
  static void OnTimer(evutil_socket_t, short, void* arg);

  UniqueEventBase base_;
  std::atomic<std::thread::id> owner_;
  TimerId next_timer_ = 0;
  std::unordered_map<TimerId, std::unique_ptr<Timer>> timers_;
};

}  // namespace chorus
