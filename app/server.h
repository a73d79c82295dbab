#pragma once

// Server: wires the services chorusd runs from a validated Config and owns
// them: the signalling loop, the SIP stack, the media engine and its
// workers, and the call factories behind the routes. Signals: SIGINT and
// SIGTERM hang up every call and stop. Main thread only.

#include <memory>

#include "app/config.h"
#include "b2bua/call/engine_media_control.h"
#include "b2bua/call/media_call.h"
#include "b2bua/sip_stack.h"
#include "media/base/event_loop.h"
#include "media/worker/media_engine.h"

namespace chorus::app {

class Server {
 public:
  static Result<std::unique_ptr<Server>> Create(const Config& config);
  ~Server();

  // Runs the signalling loop until a stop signal; returns 0 on a clean stop.
  int Run();

 private:
  explicit Server(const Config& config);
  Result<void> Init();
  Result<void> InitMedia();
  void OnStopSignal(const char* name);

  Config config_;
  std::unique_ptr<EventLoop> loop_;
  std::unique_ptr<b2bua::SipStack> sip_;
  std::unique_ptr<media::MediaEngine> engine_;
  std::unique_ptr<b2bua::EngineMediaControl> media_control_;
  std::unique_ptr<b2bua::MediaCallFactory> echo_;
  UniqueEvent sigint_;
  UniqueEvent sigterm_;
  bool stopping_ = false;
};

}  // namespace chorus::app
