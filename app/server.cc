#include "app/server.h"

#include <csignal>

#include "media/base/log.h"
#include "media/srtp/srtp_library.h"
#include "mixer/kernels/mix_kernels.h"

namespace chorus::app {
namespace {

// How long a stop waits for BYEs to go out before the loop ends.
constexpr int64_t kStopGraceMs = 300;

b2bua::SdpNegotiatorOptions SdpOptions(const Config& c) {
  b2bua::SdpNegotiatorOptions o;
  o.codecs = c.media.codecs;
  o.ptime_ms = c.media.ptime_ms;
  o.srtp = c.rtp.srtp;
  o.srtp_gcm = true;  // narrowed per call to what libsrtp2 can do
  o.session_name = c.sip.server_name;
  return o;
}

}  // namespace

Result<std::unique_ptr<Server>> Server::Create(const Config& config) {
  std::unique_ptr<Server> server(new Server(config));
  auto ok = server->Init();
  if (!ok) return ok.error();
  return server;
}

Server::Server(const Config& config) : config_(config) {}

Server::~Server() {
  // Calls first (they release media and use the SIP stack), then the
  // engine (joins its workers), then SIP.
  echo_.reset();
  if (engine_) engine_->Stop();
  media_control_.reset();
  engine_.reset();
  sip_.reset();
  sigint_.reset();
  sigterm_.reset();
}

Result<void> Server::Init() {
  auto loop = EventLoop::Create();
  if (!loop) return loop.error();
  loop_ = std::move(*loop);
  signal(SIGPIPE, SIG_IGN);

  b2bua::SipStackConfig sip;
  sip.sip = config_.sip;
  sip.calls.server_name = config_.sip.server_name;
  sip.calls.limits = config_.limits;
  sip.routes = config_.routes;
  auto stack = b2bua::SipStack::Create(*loop_, sip);
  if (!stack) return stack.error();
  sip_ = std::move(*stack);

  auto media = InitMedia();
  if (!media) return media.error();

  auto on_signal = [](evutil_socket_t sig, short, void* arg) {
    static_cast<Server*>(arg)->OnStopSignal(sig == SIGINT ? "SIGINT" : "SIGTERM");
  };
  sigint_.reset(evsignal_new(loop_->base(), SIGINT, on_signal, this));
  sigterm_.reset(evsignal_new(loop_->base(), SIGTERM, on_signal, this));
  evsignal_add(sigint_.get(), nullptr);
  evsignal_add(sigterm_.get(), nullptr);
  return Ok();
}

Result<void> Server::InitMedia() {
  // Process-wide set-up, before any media thread starts.
  auto srtp = media::SrtpLibrary::Init();
  if (!srtp) return srtp.error();
  std::string kernel = mixer::KernelNameFromEnvironment().value_or(config_.media.mixer_kernel);
  auto kernels = mixer::SelectMixKernels(kernel);
  if (!kernels) {
    return MakeError(kernels.error().code, "media.mixer_kernel: " + kernels.error().message);
  }

  media::MediaEngineOptions opts;
  opts.rtp = config_.rtp;
  // RTP on even ports (RFC 3550 11): start the range on one.
  if (opts.rtp.port_min % 2 != 0) ++opts.rtp.port_min;
  opts.workers = config_.media.workers;
  opts.jitter.min_depth_ms = config_.media.jitter_min_ms;
  opts.jitter.max_depth_ms = config_.media.jitter_max_ms;
  auto engine = media::MediaEngine::Create(*loop_, opts);
  if (!engine) return engine.error();
  engine_ = std::move(*engine);
  media_control_ = std::make_unique<b2bua::EngineMediaControl>(*engine_, opts.rtp);
  engine_->SetEventHandler(
      [this](const media::MediaEvent& e) { media_control_->OnEvent(e); });
  auto started = engine_->Start();
  if (!started) return started.error();
  CHORUS_LOG(kInfo, "media.started")
      .Kv("workers", engine_->worker_count())
      .Kv("mixer_kernel", mixer::ActiveMixKernelName())
      .Kv("srtp_gcm", media::SrtpLibrary::GcmSupported());

  b2bua::LegContext ctx{sip_->calls(), sip_->transactions(), sip_->transport(), *loop_,
                        config_.sip.server_name};
  b2bua::MediaCall::Options echo;
  echo.mode = b2bua::MediaMode::kEcho;
  echo.sdp = SdpOptions(config_);
  echo_ = std::make_unique<b2bua::MediaCallFactory>(ctx, *media_control_, echo);
  sip_->calls().SetFactory(b2bua::RouteAction::kEcho, echo_.get());
  return Ok();
}

void Server::OnStopSignal(const char* name) {
  CHORUS_LOG(kInfo, "signal").Kv("signal", name);
  if (stopping_) {
    loop_->Stop();  // second signal: at once
    return;
  }
  stopping_ = true;
  // Hang up every call so peers get a BYE, then stop once it is out.
  if (echo_) echo_->HangupAll();
  loop_->Schedule(kStopGraceMs, [this] { loop_->Stop(); });
}

int Server::Run() {
  loop_->Run();
  return 0;
}

}  // namespace chorus::app
