#pragma once

// MediaWorker: one media thread. Owns a libevent loop, the RTP/RTCP sockets
// of its streams and a drift-free 20 ms tick (TickTimer + TickSchedule).
// Each tick runs three phases over its streams: pull every stream's
// decoded frame, route frames by AudioMode (echo: a stream's own frame is
// what it sends), push every stream's frame to send; then per-stream
// upkeep (RTCP, timeouts). Ticks time themselves into WorkerCounters.
//
// Threads: created, started, stopped and posted to by the signalling
// thread (the single producer of the command ring and single consumer of
// the event ring); everything else runs on the worker's own thread. The
// audio path (socket callbacks and ticks) allocates nothing, takes no lock,
// makes no blocking call and logs nothing above debug; commands (adding,
// updating and removing streams) are the control path. A full ring is
// counted and reported, never waited on: Post() returns false, and an
// event that does not fit is dropped, except StreamClosed, which is kept
// and retried every tick because the signalling side frees the stream's
// ports on it.
//
// Owned by the MediaEngine (or a test). Destroying it stops the thread.

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <thread>
#include <vector>

#include "media/base/event_loop.h"
#include "media/base/result.h"
#include "media/base/spsc_ring.h"
#include "media/base/wakeup.h"
#include "media/stream/media_stream.h"
#include "media/worker/tick_schedule.h"
#include "media/worker/tick_timer.h"
#include "media/worker/worker_counters.h"
#include "media/worker/worker_messages.h"

namespace chorus::media {

struct MediaWorkerOptions {
  int index = 0;  // for names in logs and metrics
  size_t command_ring_capacity = 256;
  size_t event_ring_capacity = 1024;
  // A tick that starts later than this after its deadline counts as late.
  int64_t late_tolerance_us = 2000;
  // Streams the worker expects (sizes its tables; more still work).
  size_t expected_streams = 256;
};

class MediaWorker final : private StreamEventSink {
 public:
  static constexpr int64_t kTickPeriodNs = 20'000'000;

  static Result<std::unique_ptr<MediaWorker>> Create(const MediaWorkerOptions& options);
  ~MediaWorker() override;
  MediaWorker(const MediaWorker&) = delete;
  MediaWorker& operator=(const MediaWorker&) = delete;

  // ---- Signalling thread ----

  // Starts the thread; the first tick is one period from now.
  Result<void> Start();
  // Stops and joins the thread. Streams still running are closed (a BYE
  // each, then StreamClosed events, as far as the event ring holds them).
  void Stop();
  bool running() const { return thread_.joinable(); }

  // Queues a command and wakes the worker. False when the ring is full
  // (counted); the command is then left untouched in `command`.
  bool Post(WorkerCommand&& command);
  // True when a Post() now is certain to fit (the producer's view of the
  // ring can only over-estimate how full it is).
  bool HasCommandRoom() const { return commands_.SizeApprox() < commands_.capacity(); }
  // Counts a command the producer did not even try to post for lack of room.
  void CountCommandRingFull() { counters_.CountCommandRingFull(); }

  // The event wake-up to watch for EV_READ; then DrainEventWakeup() and
  // PollEvent() until it returns nullopt.
  int event_fd() const { return events_wakeup_.fd(); }
  void DrainEventWakeup() const { events_wakeup_.Drain(); }
  std::optional<WorkerEvent> PollEvent() { return events_.TryPop(); }

  // Any thread.
  int index() const { return options_.index; }
  WorkerCountersSnapshot Counters() const { return counters_.Snapshot(); }

  // ---- Tests: drive the worker on the calling thread, without Start() ----
  void ProcessCommandsForTest() { ProcessCommands(); }
  void TickForTest(int64_t now_ns) { RunTick(now_ns); }
  // One non-blocking pass of the loop (socket callbacks).
  void RunLoopOnceForTest() { loop_->RunOnce(); }
  size_t stream_count() const { return streams_.size(); }

 private:
  struct StreamSlot {
    MediaWorker* worker = nullptr;
    std::unique_ptr<MediaStream> stream;
    UniqueEvent rtp_event;
    UniqueEvent rtcp_event;
  };

  MediaWorker(const MediaWorkerOptions& options, std::unique_ptr<EventLoop> loop,
              WakeupFd commands_wakeup, WakeupFd events_wakeup, TickTimer timer);

  void ThreadMain();
  static void OnCommandWakeup(evutil_socket_t fd, short what, void* arg);
  static void OnTimer(evutil_socket_t fd, short what, void* arg);
  static void OnRtpReadable(evutil_socket_t fd, short what, void* arg);
  static void OnRtcpReadable(evutil_socket_t fd, short what, void* arg);

  void ProcessCommands();
  void Handle(AddStreamCommand& command);
  void Handle(UpdateStreamCommand& command);
  void Handle(SendDigitsCommand& command);
  void Handle(RemoveStreamCommand& command);
  void Handle(RequestStatsCommand& command);
  StreamSlot* Find(uint64_t stream_id);
  // A last RTCP report with BYE, then StreamClosed.
  void Close(size_t index);
  void CloseAll();

  void RunTick(int64_t now_ns);
  void Emit(WorkerEvent&& event);
  void RetryClosed();
  void FlushWakeup();

  // StreamEventSink (from streams, on this thread)
  void OnDtmfDigit(const DtmfDigit& event) override { Emit(event); }
  void OnRtpTimeout(const RtpTimeout& event) override { Emit(event); }
  void OnPeerLatched(const PeerLatched& event) override { Emit(event); }

  MediaWorkerOptions options_;
  std::unique_ptr<EventLoop> loop_;
  SpscRing<WorkerCommand> commands_;
  SpscRing<WorkerEvent> events_;
  WakeupFd commands_wakeup_;
  WakeupFd events_wakeup_;
  TickTimer timer_;
  TickSchedule schedule_;
  UniqueEvent command_event_;
  UniqueEvent timer_event_;
  std::atomic<bool> stop_requested_{false};
  std::thread thread_;

  // Worker thread only.
  std::vector<std::unique_ptr<StreamSlot>> streams_;
  std::vector<StreamClosed> closed_backlog_;
  bool wakeup_pending_ = false;
  WorkerCounters counters_;
};

}  // namespace chorus::media
