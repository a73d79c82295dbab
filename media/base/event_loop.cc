#include "media/base/event_loop.h"

#include "media/base/check.h"
#include "media/base/clock.h"

namespace chorus {

Result<std::unique_ptr<EventLoop>> EventLoop::Create() {
  CHandle<event_config, event_config_free> cfg(event_config_new());
  if (!cfg) return MakeError(ErrorCode::kIo, "event_config_new failed");
  // Precise timers: monotonic clock, no cached time between callbacks.
  event_config_set_flag(cfg.get(), EVENT_BASE_FLAG_PRECISE_TIMER);
  UniqueEventBase base(event_base_new_with_config(cfg.get()));
  if (!base) return MakeError(ErrorCode::kIo, "event_base_new failed");
  return std::unique_ptr<EventLoop>(new EventLoop(std::move(base)));
}

EventLoop::EventLoop(UniqueEventBase base) : base_(std::move(base)) {
  owner_.store(std::this_thread::get_id());
}

EventLoop::~EventLoop() { timers_.clear(); }

void EventLoop::Run() {
  owner_.store(std::this_thread::get_id());
  event_base_loop(base_.get(), EVLOOP_NO_EXIT_ON_EMPTY);
}

void EventLoop::RunOnce() {
  owner_.store(std::this_thread::get_id());
  event_base_loop(base_.get(), EVLOOP_NONBLOCK | EVLOOP_ONCE);
}

void EventLoop::Stop() {
  CHORUS_DCHECK(IsCurrent());
  event_base_loopbreak(base_.get());
}

bool EventLoop::IsCurrent() const { return owner_.load() == std::this_thread::get_id(); }

int64_t EventLoop::NowMs() const { return MonotonicClock::Instance().NowMs(); }

TimerId EventLoop::Schedule(int64_t delay_ms, std::function<void()> fn) {
  CHORUS_DCHECK(IsCurrent());
  auto timer = std::make_unique<Timer>();
  timer->loop = this;
  timer->id = ++next_timer_;
  timer->fn = std::move(fn);
  timer->ev.reset(evtimer_new(base_.get(), &EventLoop::OnTimer, timer.get()));
  CHORUS_CHECK(timer->ev != nullptr);
  if (delay_ms < 0) delay_ms = 0;
  timeval tv{static_cast<time_t>(delay_ms / 1000), static_cast<suseconds_t>((delay_ms % 1000) * 1000)};
  evtimer_add(timer->ev.get(), &tv);
  TimerId id = timer->id;
  timers_.emplace(id, std::move(timer));
  return id;
}

bool EventLoop::Cancel(TimerId id) {
  CHORUS_DCHECK(IsCurrent());
  return timers_.erase(id) > 0;  // event_free also deletes the pending event
}

void EventLoop::OnTimer(evutil_socket_t, short, void* arg) {
  auto* timer = static_cast<Timer*>(arg);
  EventLoop* loop = timer->loop;
  auto it = loop->timers_.find(timer->id);
  if (it == loop->timers_.end()) return;
  // Take the timer out before running: the callback may schedule or cancel.
  std::unique_ptr<Timer> owned = std::move(it->second);
  loop->timers_.erase(it);
  owned->fn();
}

}  // namespace chorus
