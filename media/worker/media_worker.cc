#include "media/worker/media_worker.h"

#include <algorithm>
#include <string>

#include "media/base/clock.h"
#include "media/base/log.h"

namespace chorus::media {
namespace {

// Commands handled per wake-up; the rest wait for the next loop turn so a
// burst of set-ups cannot hold up a tick for long.
constexpr int kMaxCommandsPerWake = 64;

int64_t NowNs() { return MonotonicClock::Instance().NowNs(); }

}  // namespace

Result<std::unique_ptr<MediaWorker>> MediaWorker::Create(const MediaWorkerOptions& options) {
  if (options.command_ring_capacity == 0 || options.event_ring_capacity == 0) {
    return MakeError(ErrorCode::kInvalidArgument, "media worker: ring capacity must be > 0");
  }
  auto loop = EventLoop::Create();
  if (!loop) return loop.error();
  auto commands_wakeup = WakeupFd::Create();
  if (!commands_wakeup) return commands_wakeup.error();
  auto events_wakeup = WakeupFd::Create();
  if (!events_wakeup) return events_wakeup.error();
  auto timer = TickTimer::Create();
  if (!timer) return timer.error();
  auto worker = std::unique_ptr<MediaWorker>(
      new MediaWorker(options, std::move(loop).value(), std::move(commands_wakeup).value(),
                      std::move(events_wakeup).value(), std::move(timer).value()));
  event_base* base = worker->loop_->base();
  worker->command_event_.reset(event_new(base, worker->commands_wakeup_.fd(), EV_READ | EV_PERSIST,
                                         &MediaWorker::OnCommandWakeup, worker.get()));
  worker->timer_event_.reset(event_new(base, worker->timer_.fd(), EV_READ | EV_PERSIST,
                                       &MediaWorker::OnTimer, worker.get()));
  if (!worker->command_event_ || !worker->timer_event_ ||
      event_add(worker->command_event_.get(), nullptr) != 0 ||
      event_add(worker->timer_event_.get(), nullptr) != 0) {
    return MakeError(ErrorCode::kIo, "media worker " + std::to_string(options.index) +
                                         ": cannot register loop events");
  }
  return worker;
}

MediaWorker::MediaWorker(const MediaWorkerOptions& options, std::unique_ptr<EventLoop> loop,
                         WakeupFd commands_wakeup, WakeupFd events_wakeup, TickTimer timer)
    : options_(options),
      loop_(std::move(loop)),
      commands_(options.command_ring_capacity),
      events_(options.event_ring_capacity),
      commands_wakeup_(std::move(commands_wakeup)),
      events_wakeup_(std::move(events_wakeup)),
      timer_(std::move(timer)),
      schedule_(kTickPeriodNs, options.late_tolerance_us * 1000) {
  streams_.reserve(options.expected_streams);
  closed_backlog_.reserve(64);
}

MediaWorker::~MediaWorker() {
  Stop();
  // Without a thread (tests), streams die here, on the owner's thread.
  CloseAll();
  timer_event_.reset();
  command_event_.reset();
}

Result<void> MediaWorker::Start() {
  if (thread_.joinable()) {
    return MakeError(ErrorCode::kAlreadyExists,
                     "media worker " + std::to_string(options_.index) + " already started");
  }
  const int64_t first = NowNs() + kTickPeriodNs;
  if (auto r = timer_.Arm(first, kTickPeriodNs); !r) return r;
  schedule_.Start(first);
  stop_requested_.store(false, std::memory_order_relaxed);
  thread_ = std::thread([this] { ThreadMain(); });
  return Ok();
}

void MediaWorker::Stop() {
  if (!thread_.joinable()) return;
  stop_requested_.store(true, std::memory_order_release);
  commands_wakeup_.Signal();
  thread_.join();
  (void)timer_.Disarm();
}

void MediaWorker::ThreadMain() {
  CHORUS_LOG(kDebug, "media.worker_start").Kv("worker", options_.index);
  loop_->Run();
  CloseAll();
  FlushWakeup();
  CHORUS_LOG(kDebug, "media.worker_stop").Kv("worker", options_.index);
}

bool MediaWorker::Post(WorkerCommand&& command) {
  if (!commands_.TryPush(std::move(command))) {
    counters_.CountCommandRingFull();
    return false;
  }
  commands_wakeup_.Signal();
  return true;
}

// ---- Loop callbacks (worker thread) ----

void MediaWorker::OnCommandWakeup(evutil_socket_t, short, void* arg) {
  auto* worker = static_cast<MediaWorker*>(arg);
  worker->commands_wakeup_.Drain();
  worker->ProcessCommands();
  if (worker->stop_requested_.load(std::memory_order_acquire)) worker->loop_->Stop();
  worker->FlushWakeup();
}

void MediaWorker::OnTimer(evutil_socket_t, short, void* arg) {
  auto* worker = static_cast<MediaWorker*>(arg);
  const uint64_t expirations = worker->timer_.ReadExpirations();
  if (expirations == 0) return;
  const int64_t start = NowNs();
  const TickStart tick = worker->schedule_.OnExpirations(expirations, start);
  worker->RunTick(start);
  worker->counters_.RecordTick(NowNs() - start, tick.late, tick.skipped);
  worker->FlushWakeup();
}

void MediaWorker::OnRtpReadable(evutil_socket_t, short, void* arg) {
  auto* slot = static_cast<StreamSlot*>(arg);
  slot->stream->OnRtpReadable(NowNs());
  slot->worker->FlushWakeup();
}

void MediaWorker::OnRtcpReadable(evutil_socket_t, short, void* arg) {
  auto* slot = static_cast<StreamSlot*>(arg);
  slot->stream->OnRtcpReadable(NowNs());
  slot->worker->FlushWakeup();
}

// ---- Commands (worker thread; control path) ----

void MediaWorker::ProcessCommands() {
  CHORUS_DCHECK(loop_->IsCurrent());
  for (int i = 0; i < kMaxCommandsPerWake; ++i) {
    std::optional<WorkerCommand> command = commands_.TryPop();
    if (!command) return;
    counters_.CountCommand();
    std::visit([this](auto& c) { Handle(c); }, *command);
  }
  // More are waiting: come back on the next loop turn.
  commands_wakeup_.Signal();
}

MediaWorker::StreamSlot* MediaWorker::Find(uint64_t stream_id) {
  for (auto& slot : streams_) {
    if (slot->stream->id() == stream_id) return slot.get();
  }
  return nullptr;
}

void MediaWorker::Handle(AddStreamCommand& command) {
  if (!command.stream) return;
  const uint64_t id = command.stream->id();
  if (Find(id) != nullptr) {
    Emit(CommandFailed{id, CommandKind::kAddStream, ErrorCode::kAlreadyExists});
    return;
  }
  auto slot = std::make_unique<StreamSlot>();
  slot->worker = this;
  slot->stream = std::move(command.stream);
  event_base* base = loop_->base();
  slot->rtp_event.reset(event_new(base, slot->stream->rtp_fd(), EV_READ | EV_PERSIST,
                                  &MediaWorker::OnRtpReadable, slot.get()));
  CHORUS_CHECK(slot->rtp_event != nullptr);
  event_add(slot->rtp_event.get(), nullptr);
  if (slot->stream->has_rtcp_socket()) {
    slot->rtcp_event.reset(event_new(base, slot->stream->rtcp_fd(), EV_READ | EV_PERSIST,
                                     &MediaWorker::OnRtcpReadable, slot.get()));
    CHORUS_CHECK(slot->rtcp_event != nullptr);
    event_add(slot->rtcp_event.get(), nullptr);
  }
  slot->stream->Attach(this, NowNs());
  streams_.push_back(std::move(slot));
  counters_.SetStreams(streams_.size());
}

void MediaWorker::Handle(UpdateStreamCommand& command) {
  StreamSlot* slot = Find(command.stream_id);
  if (slot == nullptr || !command.update) {
    Emit(CommandFailed{command.stream_id, CommandKind::kUpdateStream, ErrorCode::kNotFound});
    return;
  }
  slot->stream->ApplyUpdate(*command.update, NowNs());
}

void MediaWorker::Handle(SendDigitsCommand& command) {
  StreamSlot* slot = Find(command.stream_id);
  if (slot == nullptr) {
    Emit(CommandFailed{command.stream_id, CommandKind::kSendDigits, ErrorCode::kNotFound});
    return;
  }
  auto queued =
      slot->stream->QueueDigits(command.digits.view(), command.duration_ms, command.gap_ms);
  if (!queued) {
    Emit(CommandFailed{command.stream_id, CommandKind::kSendDigits, queued.error().code});
  }
}

void MediaWorker::Handle(RemoveStreamCommand& command) {
  for (size_t i = 0; i < streams_.size(); ++i) {
    if (streams_[i]->stream->id() == command.stream_id) {
      Close(i);
      return;
    }
  }
  Emit(CommandFailed{command.stream_id, CommandKind::kRemoveStream, ErrorCode::kNotFound});
}

void MediaWorker::Handle(RequestStatsCommand& command) {
  StreamSlot* slot = Find(command.stream_id);
  if (slot == nullptr) {
    Emit(CommandFailed{command.stream_id, CommandKind::kStats, ErrorCode::kNotFound});
    return;
  }
  Emit(StreamStatsReport{command.stream_id, slot->stream->Stats()});
}

void MediaWorker::Close(size_t index) {
  std::unique_ptr<StreamSlot> slot = std::move(streams_[index]);
  streams_.erase(streams_.begin() + static_cast<ptrdiff_t>(index));
  counters_.SetStreams(streams_.size());
  slot->stream->SendBye();
  StreamClosed closed{slot->stream->id(), slot->stream->Stats()};
  // The events go first: they refer to the slot.
  slot->rtp_event.reset();
  slot->rtcp_event.reset();
  slot.reset();
  if (!closed_backlog_.empty() || !events_.TryPush(WorkerEvent(closed))) {
    counters_.CountEventRingFull();
    closed_backlog_.push_back(closed);
    return;
  }
  counters_.CountEvent();
  wakeup_pending_ = true;
}

void MediaWorker::CloseAll() {
  while (!streams_.empty()) Close(streams_.size() - 1);
  RetryClosed();
}

// ---- Tick and events (worker thread; audio path) ----

void MediaWorker::RunTick(int64_t now_ns) {
  CHORUS_DCHECK(loop_->IsCurrent());
  for (auto& slot : streams_) slot->stream->PullFrame(now_ns);
  for (auto& slot : streams_) {
    MediaStream& stream = *slot->stream;
    switch (stream.media().mode) {
      case AudioMode::kEcho:
        stream.PushFrame(stream.received_frame(), now_ns);
        break;
      case AudioMode::kConference:
      case AudioMode::kBridge:
      case AudioMode::kIvr:
        // Refused at creation until their routing exists.
        break;
    }
  }
  for (auto& slot : streams_) slot->stream->Maintain(now_ns);
  RetryClosed();
}

void MediaWorker::Emit(WorkerEvent&& event) {
  if (!events_.TryPush(std::move(event))) {
    counters_.CountEventRingFull();
    return;
  }
  counters_.CountEvent();
  wakeup_pending_ = true;
}

void MediaWorker::RetryClosed() {
  size_t sent = 0;
  while (sent < closed_backlog_.size() && events_.TryPush(WorkerEvent(closed_backlog_[sent]))) {
    counters_.CountEvent();
    ++sent;
  }
  if (sent == 0) return;
  closed_backlog_.erase(closed_backlog_.begin(),
                        closed_backlog_.begin() + static_cast<ptrdiff_t>(sent));
  wakeup_pending_ = true;
}

void MediaWorker::FlushWakeup() {
  if (!wakeup_pending_) return;
  wakeup_pending_ = false;
  events_wakeup_.Signal();
}

}  // namespace chorus::media
