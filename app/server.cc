#include "app/server.h"

#include <csignal>

#include "media/base/log.h"

namespace chorus::app {

Result<std::unique_ptr<Server>> Server::Create(const Config& config) {
  std::unique_ptr<Server> server(new Server(config));
  auto ok = server->Init();
  if (!ok) return ok.error();
  return server;
}

Server::Server(const Config& config) : config_(config) {}

Server::~Server() {
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

  auto on_signal = [](evutil_socket_t sig, short, void* arg) {
    auto* self = static_cast<Server*>(arg);
    CHORUS_LOG(kInfo, "signal").Kv("signal", sig == SIGINT ? "SIGINT" : "SIGTERM");
    self->loop_->Stop();
  };
  sigint_.reset(evsignal_new(loop_->base(), SIGINT, on_signal, this));
  sigterm_.reset(evsignal_new(loop_->base(), SIGTERM, on_signal, this));
  evsignal_add(sigint_.get(), nullptr);
  evsignal_add(sigterm_.get(), nullptr);
  return Ok();
}

int Server::Run() {
  loop_->Run();
  return 0;
}

}  // namespace chorus::app
