#pragma once

// MediaEngine: the signalling thread's handle on the media side. Owns the
// media workers (one thread each), the RTP port allocator and, per stream,
// the port lease until the worker reports the stream closed.
//
// A stream's life, as the call layer drives it:
//   ReservePorts()                 a port pair and a stream id, for the SDP
//   StartStream(id, media, key)    builds the stream with the leased
//                                  sockets and hands it to a worker: the
//                                  one with fewest streams, or the one
//                                  already holding `affinity_key` (both
//                                  legs of a bridge, a whole room)
//   UpdateStream / SendDigits / RequestStats
//   RemoveStream(id)               the worker sends BYE and reports
//                                  StreamClosed; only then are the ports
//                                  released
// Events from every worker (DtmfDigit, RtpTimeout, PeerLatched,
// StreamClosed, StreamStatsReport, CommandFailed) reach the handler set
// with SetEventHandler, on the signalling loop.
//
// Thread: the signalling thread only (the loop passed to Create). Errors
// name the stream and the worker. A full command ring is not waited on:
// the call fails with kUnavailable (and is counted) and may be retried.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "media/base/event_loop.h"
#include "media/base/result.h"
#include "media/dsp/jitter_buffer.h"
#include "media/net/port_allocator.h"
#include "media/rtp/rtp_options.h"
#include "media/stream/stream_config.h"
#include "media/worker/media_worker.h"
#include "media/worker/worker_messages.h"

namespace chorus::media {

struct MediaEngineOptions {
  RtpOptions rtp;  // local address and port range
  UdpSocketOptions socket;
  int workers = 0;                    // 0: one per core
  uint32_t internal_rate_hz = 48000;  // the rate frames are mixed at
  JitterBufferOptions jitter;         // depth limits for every stream
  size_t command_ring_capacity = 256;
  size_t event_ring_capacity = 1024;
  int64_t late_tick_tolerance_us = 2000;
};

using MediaEvent = WorkerEvent;

struct PortReservation {
  uint64_t stream_id = 0;
  SocketAddress rtp;   // local address and RTP port, for the SDP
  SocketAddress rtcp;  // RTP port + 1
};

class MediaEngine {
 public:
  using EventHandler = std::function<void(const MediaEvent&)>;

  static Result<std::unique_ptr<MediaEngine>> Create(EventLoop& loop,
                                                     const MediaEngineOptions& options);
  ~MediaEngine();
  MediaEngine(const MediaEngine&) = delete;
  MediaEngine& operator=(const MediaEngine&) = delete;

  // Starts the worker threads. Stop() joins them; streams still running
  // are closed (their StreamClosed events are delivered) and every port is
  // released. No leaks either way.
  Result<void> Start();
  void Stop();

  void SetEventHandler(EventHandler handler) { handler_ = std::move(handler); }

  Result<PortReservation> ReservePorts();
  // `affinity_key`: streams with the same key run on the same worker.
  Result<void> StartStream(uint64_t stream_id, const StreamMediaConfig& media,
                           std::optional<uint64_t> affinity_key = std::nullopt);
  // A stream on sockets of the caller's; config.stream_id must be unused
  // (ReservePorts never hands out an id in use).
  // On failure the sockets are still in `config`.
  Result<void> AddStream(StreamConfig&& config,
                         std::optional<uint64_t> affinity_key = std::nullopt);
  Result<void> UpdateStream(uint64_t stream_id, const StreamMediaConfig& media);
  Result<void> SendDigits(uint64_t stream_id, std::string_view digits, uint32_t duration_ms = 100,
                          uint32_t gap_ms = 60);
  Result<void> RequestStats(uint64_t stream_id);
  Result<void> RemoveStream(uint64_t stream_id);

  size_t worker_count() const { return workers_.size(); }
  std::vector<WorkerCountersSnapshot> WorkerSnapshots() const;
  // Streams reserved, running or closing.
  size_t stream_count() const { return streams_.size(); }
  // Worker a running stream is on, or -1.
  int WorkerOf(uint64_t stream_id) const;
  const PortAllocator& ports() const { return *ports_; }

 private:
  enum class State : uint8_t { kReserved, kRunning, kClosing };
  struct StreamRecord {
    State state = State::kReserved;
    std::optional<PortLease> lease;
    int worker = -1;
    std::optional<uint64_t> affinity_key;
    StreamMediaConfig media;
    bool has_rtcp_socket = false;
  };
  struct Affinity {
    int worker = 0;
    size_t streams = 0;
  };
  // The signalling loop's watch on one worker's event wake-up.
  struct WorkerWatch {
    MediaEngine* engine = nullptr;
    MediaWorker* worker = nullptr;
    UniqueEvent event;
  };

  MediaEngine(EventLoop& loop, const MediaEngineOptions& options,
              std::unique_ptr<PortAllocator> ports);

  StreamEnvironment Environment() const;
  int PickWorker(std::optional<uint64_t> affinity_key) const;
  Result<void> Launch(uint64_t stream_id, StreamConfig& config, StreamRecord& record,
                      std::optional<uint64_t> affinity_key);
  Result<StreamRecord*> Running(uint64_t stream_id, const char* what);
  Error WorkerBusy(uint64_t stream_id, int worker, const char* what) const;
  static void OnWorkerEvents(evutil_socket_t fd, short what, void* arg);
  void DrainEvents(MediaWorker& worker);
  void Dispatch(const MediaEvent& event);
  void Forget(uint64_t stream_id);

  EventLoop& loop_;
  MediaEngineOptions options_;
  // Declared before streams_: leases give their ports back to it.
  std::unique_ptr<PortAllocator> ports_;
  std::vector<std::unique_ptr<MediaWorker>> workers_;
  // After workers_: the watches go first.
  std::vector<std::unique_ptr<WorkerWatch>> watches_;
  std::vector<size_t> worker_streams_;
  std::unordered_map<uint64_t, StreamRecord> streams_;
  std::unordered_map<uint64_t, Affinity> affinities_;
  uint64_t next_stream_id_ = 1;
  bool started_ = false;
  EventHandler handler_;
};

}  // namespace chorus::media
