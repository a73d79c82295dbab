#include "media/worker/media_engine.h"

#include <algorithm>
#include <string>
#include <thread>

#include "media/base/log.h"
#include "media/dtmf/dtmf_digit.h"
#include "media/srtp/srtp_library.h"

namespace chorus::media {
namespace {

std::string StreamText(uint64_t id) { return "stream " + std::to_string(id); }

}  // namespace

Result<std::unique_ptr<MediaEngine>> MediaEngine::Create(EventLoop& loop,
                                                         const MediaEngineOptions& options) {
  if (options.workers < 0 || options.workers > 256) {
    return MakeError(
        ErrorCode::kInvalidArgument,
        "media engine: worker count " + std::to_string(options.workers) + " is not 0..256");
  }
  if (auto r = SrtpLibrary::Init(); !r) return r.error();
  auto ports = PortAllocator::Create(options.rtp);
  if (!ports) return ports.error();
  auto engine =
      std::unique_ptr<MediaEngine>(new MediaEngine(loop, options, std::move(ports).value()));
  int count = options.workers;
  if (count == 0) count = std::max(1u, std::thread::hardware_concurrency());
  for (int i = 0; i < count; ++i) {
    MediaWorkerOptions wo;
    wo.index = i;
    wo.command_ring_capacity = options.command_ring_capacity;
    wo.event_ring_capacity = options.event_ring_capacity;
    wo.late_tolerance_us = options.late_tick_tolerance_us;
    auto worker = MediaWorker::Create(wo);
    if (!worker) return worker.error();
    auto watch = std::make_unique<WorkerWatch>();
    watch->engine = engine.get();
    watch->worker = worker->get();
    watch->event.reset(event_new(loop.base(), (*worker)->event_fd(), EV_READ | EV_PERSIST,
                                 &MediaEngine::OnWorkerEvents, watch.get()));
    if (!watch->event || event_add(watch->event.get(), nullptr) != 0) {
      return MakeError(ErrorCode::kIo, "media engine: cannot watch worker " + std::to_string(i));
    }
    engine->workers_.push_back(std::move(worker).value());
    engine->watches_.push_back(std::move(watch));
  }
  engine->worker_streams_.assign(engine->workers_.size(), 0);
  return engine;
}

MediaEngine::MediaEngine(EventLoop& loop, const MediaEngineOptions& options,
                         std::unique_ptr<PortAllocator> ports)
    : loop_(loop), options_(options), ports_(std::move(ports)) {}

MediaEngine::~MediaEngine() {
  Stop();
  watches_.clear();
  workers_.clear();
  streams_.clear();
}

Result<void> MediaEngine::Start() {
  CHORUS_DCHECK(loop_.IsCurrent());
  if (started_) return Ok();
  for (auto& worker : workers_) {
    if (auto r = worker->Start(); !r) {
      Stop();
      return r;
    }
  }
  started_ = true;
  CHORUS_LOG(kInfo, "media.engine_start").Kv("workers", workers_.size());
  return Ok();
}

void MediaEngine::Stop() {
  for (auto& worker : workers_) worker->Stop();
  // The workers closed their streams on the way out: deliver what they said.
  for (auto& worker : workers_) DrainEvents(*worker);
  streams_.clear();  // every lease goes back to the allocator
  affinities_.clear();
  std::fill(worker_streams_.begin(), worker_streams_.end(), 0);
  if (started_) {
    CHORUS_LOG(kInfo, "media.engine_stop").Kv("workers", workers_.size());
  }
  started_ = false;
}

StreamEnvironment MediaEngine::Environment() const {
  StreamEnvironment env;
  env.clock = &MonotonicClock::Instance();
  env.internal_rate_hz = options_.internal_rate_hz;
  env.jitter = options_.jitter;
  return env;
}

Result<PortReservation> MediaEngine::ReservePorts() {
  CHORUS_DCHECK(loop_.IsCurrent());
  PortRequest request;
  request.socket = options_.socket;
  request.bind_rtcp = true;
  auto lease = ports_->Allocate(request);
  if (!lease) return lease.error();
  PortReservation reservation;
  while (streams_.count(next_stream_id_) != 0) ++next_stream_id_;
  reservation.stream_id = next_stream_id_++;
  reservation.rtp = options_.rtp.address;
  reservation.rtp.set_port(lease->rtp_port());
  reservation.rtcp = options_.rtp.address;
  reservation.rtcp.set_port(lease->rtcp_port());
  StreamRecord record;
  record.lease.emplace(std::move(lease).value());
  streams_.emplace(reservation.stream_id, std::move(record));
  return reservation;
}

int MediaEngine::PickWorker(std::optional<uint64_t> affinity_key) const {
  if (affinity_key) {
    auto it = affinities_.find(*affinity_key);
    if (it != affinities_.end()) return it->second.worker;
  }
  auto least = std::min_element(worker_streams_.begin(), worker_streams_.end());
  return static_cast<int>(least - worker_streams_.begin());
}

Error MediaEngine::WorkerBusy(uint64_t stream_id, int worker, const char* what) const {
  return MakeError(ErrorCode::kUnavailable, StreamText(stream_id) + ": " + what +
                                                ": media worker " + std::to_string(worker) +
                                                " command ring full");
}

Result<void> MediaEngine::Launch(uint64_t stream_id, StreamConfig& config, StreamRecord& record,
                                 std::optional<uint64_t> affinity_key) {
  const int w = PickWorker(affinity_key);
  MediaWorker& worker = *workers_[static_cast<size_t>(w)];
  // Checked first, so a refusal leaves the sockets with the caller (Post
  // cannot fail after this: this thread is the ring's only producer).
  if (!worker.HasCommandRoom()) {
    worker.CountCommandRingFull();
    return WorkerBusy(stream_id, w, "start");
  }
  StreamMediaConfig media = config.media;
  const bool has_rtcp_socket = config.rtcp_socket.valid();
  auto stream = MediaStream::Create(std::move(config), Environment());
  if (!stream) return stream.error();
  WorkerCommand command{AddStreamCommand{std::move(stream).value()}};
  if (!worker.Post(std::move(command))) return WorkerBusy(stream_id, w, "start");
  record.state = State::kRunning;
  record.worker = w;
  record.affinity_key = affinity_key;
  record.media = std::move(media);
  record.has_rtcp_socket = has_rtcp_socket;
  ++worker_streams_[static_cast<size_t>(w)];
  if (affinity_key) {
    Affinity& a = affinities_[*affinity_key];
    a.worker = w;
    ++a.streams;
  }
  CHORUS_LOG(kDebug, "media.stream_start").Kv("stream", stream_id).Kv("worker", w);
  return Ok();
}

Result<void> MediaEngine::StartStream(uint64_t stream_id, const StreamMediaConfig& media,
                                      std::optional<uint64_t> affinity_key) {
  CHORUS_DCHECK(loop_.IsCurrent());
  auto it = streams_.find(stream_id);
  if (it == streams_.end()) {
    return MakeError(ErrorCode::kNotFound, StreamText(stream_id) + ": no port reservation");
  }
  StreamRecord& record = it->second;
  if (record.state != State::kReserved || !record.lease || !record.lease->rtp_socket().valid()) {
    return MakeError(ErrorCode::kAlreadyExists, StreamText(stream_id) + ": already started");
  }
  // Everything that can be refused is checked before the sockets move.
  if (auto r = ValidateStreamMediaConfig(media); !r) {
    return MakeError(r.error().code, StreamText(stream_id) + ": " + r.error().message);
  }
  StreamConfig config;
  config.stream_id = stream_id;
  config.rtp_socket = record.lease->TakeRtpSocket();
  config.rtcp_socket = record.lease->TakeRtcpSocket();
  config.media = media;
  auto launched = Launch(stream_id, config, record, affinity_key);
  if (!launched) {
    // Not started: the reservation keeps its sockets for another try.
    record.lease->rtp_socket() = std::move(config.rtp_socket);
    record.lease->rtcp_socket() = std::move(config.rtcp_socket);
  }
  return launched;
}

Result<void> MediaEngine::AddStream(StreamConfig&& config, std::optional<uint64_t> affinity_key) {
  CHORUS_DCHECK(loop_.IsCurrent());
  const uint64_t id = config.stream_id;
  if (streams_.count(id) != 0) {
    return MakeError(ErrorCode::kAlreadyExists, StreamText(id) + ": id in use");
  }
  StreamRecord record;
  auto r = Launch(id, config, record, affinity_key);
  if (!r) return r;
  streams_.emplace(id, std::move(record));
  return Ok();
}

Result<MediaEngine::StreamRecord*> MediaEngine::Running(uint64_t stream_id, const char* what) {
  auto it = streams_.find(stream_id);
  if (it == streams_.end() || it->second.state != State::kRunning) {
    return MakeError(ErrorCode::kNotFound, StreamText(stream_id) + ": " + what + ": not running");
  }
  return &it->second;
}

Result<void> MediaEngine::UpdateStream(uint64_t stream_id, const StreamMediaConfig& media) {
  CHORUS_DCHECK(loop_.IsCurrent());
  auto record = Running(stream_id, "update");
  if (!record) return record.error();
  StreamRecord& r = **record;
  auto update = MediaStream::PrepareUpdate(r.media, media, r.has_rtcp_socket, Environment());
  if (!update) {
    return MakeError(update.error().code, StreamText(stream_id) + ": " + update.error().message);
  }
  WorkerCommand command{UpdateStreamCommand{stream_id, std::move(update).value()}};
  if (!workers_[static_cast<size_t>(r.worker)]->Post(std::move(command))) {
    return WorkerBusy(stream_id, r.worker, "update");
  }
  r.media = media;
  return Ok();
}

Result<void> MediaEngine::SendDigits(uint64_t stream_id, std::string_view digits,
                                     uint32_t duration_ms, uint32_t gap_ms) {
  CHORUS_DCHECK(loop_.IsCurrent());
  auto record = Running(stream_id, "send digits");
  if (!record) return record.error();
  if (digits.empty() || digits.size() > DtmfDigitString::kMaxDigits) {
    return MakeError(ErrorCode::kInvalidArgument, StreamText(stream_id) + ": send digits: 1.." +
                                                      std::to_string(DtmfDigitString::kMaxDigits) +
                                                      " digits, got " +
                                                      std::to_string(digits.size()));
  }
  if (!(*record)->media.send_telephone_event) {
    return MakeError(ErrorCode::kUnsupported,
                     StreamText(stream_id) + ": send digits: no telephone-event negotiated");
  }
  SendDigitsCommand command;
  command.stream_id = stream_id;
  command.duration_ms = duration_ms;
  command.gap_ms = gap_ms;
  for (char c : digits) {
    if (!DtmfCharToEvent(c)) {
      return MakeError(
          ErrorCode::kInvalidArgument,
          StreamText(stream_id) + ": send digits: '" + std::string(1, c) + "' is not a DTMF digit");
    }
    command.digits.chars[command.digits.size++] = c;
  }
  const int w = (*record)->worker;
  if (!workers_[static_cast<size_t>(w)]->Post(WorkerCommand{command})) {
    return WorkerBusy(stream_id, w, "send digits");
  }
  return Ok();
}

Result<void> MediaEngine::RequestStats(uint64_t stream_id) {
  CHORUS_DCHECK(loop_.IsCurrent());
  auto record = Running(stream_id, "stats");
  if (!record) return record.error();
  const int w = (*record)->worker;
  if (!workers_[static_cast<size_t>(w)]->Post(WorkerCommand{RequestStatsCommand{stream_id}})) {
    return WorkerBusy(stream_id, w, "stats");
  }
  return Ok();
}

Result<void> MediaEngine::RemoveStream(uint64_t stream_id) {
  CHORUS_DCHECK(loop_.IsCurrent());
  auto it = streams_.find(stream_id);
  if (it == streams_.end()) {
    return MakeError(ErrorCode::kNotFound, StreamText(stream_id) + ": remove: unknown stream");
  }
  StreamRecord& record = it->second;
  switch (record.state) {
    case State::kReserved:
      streams_.erase(it);  // never reached a worker: the ports go back now
      return Ok();
    case State::kClosing:
      return Ok();
    case State::kRunning:
      break;
  }
  if (!workers_[static_cast<size_t>(record.worker)]->Post(
          WorkerCommand{RemoveStreamCommand{stream_id}})) {
    return WorkerBusy(stream_id, record.worker, "remove");
  }
  record.state = State::kClosing;
  return Ok();
}

std::vector<WorkerCountersSnapshot> MediaEngine::WorkerSnapshots() const {
  std::vector<WorkerCountersSnapshot> out;
  out.reserve(workers_.size());
  for (const auto& worker : workers_) out.push_back(worker->Counters());
  return out;
}

int MediaEngine::WorkerOf(uint64_t stream_id) const {
  auto it = streams_.find(stream_id);
  return it == streams_.end() ? -1 : it->second.worker;
}

void MediaEngine::OnWorkerEvents(evutil_socket_t, short, void* arg) {
  auto* watch = static_cast<WorkerWatch*>(arg);
  watch->worker->DrainEventWakeup();
  watch->engine->DrainEvents(*watch->worker);
}

void MediaEngine::DrainEvents(MediaWorker& worker) {
  while (std::optional<MediaEvent> event = worker.PollEvent()) Dispatch(*event);
}

void MediaEngine::Dispatch(const MediaEvent& event) {
  if (const auto* closed = std::get_if<StreamClosed>(&event)) Forget(closed->stream_id);
  // A removal the worker found nothing for: nothing is left to wait for.
  if (const auto* failed = std::get_if<CommandFailed>(&event);
      failed != nullptr && failed->command == CommandKind::kRemoveStream) {
    Forget(failed->stream_id);
  }
  if (handler_) handler_(event);
}

void MediaEngine::Forget(uint64_t stream_id) {
  auto it = streams_.find(stream_id);
  if (it == streams_.end()) return;
  const StreamRecord& record = it->second;
  if (record.worker >= 0 && worker_streams_[static_cast<size_t>(record.worker)] > 0) {
    --worker_streams_[static_cast<size_t>(record.worker)];
  }
  if (record.affinity_key) {
    auto a = affinities_.find(*record.affinity_key);
    if (a != affinities_.end() && --a->second.streams == 0) affinities_.erase(a);
  }
  streams_.erase(it);  // the lease, if any, gives the ports back
}

}  // namespace chorus::media
