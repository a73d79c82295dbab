#pragma once

// Server: wires the services chorusd runs from a validated Config and owns
// them: the signalling loop, the SIP stack and call control. Signals:
// SIGINT stops at once; SIGTERM stops too until draining exists.
// Main thread only.

#include <memory>

#include "app/config.h"
#include "b2bua/sip_stack.h"
#include "media/base/event_loop.h"
#include "media/base/result.h"

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

  Config config_;
  std::unique_ptr<EventLoop> loop_;
  std::unique_ptr<b2bua::SipStack> sip_;
  UniqueEvent sigint_;
  UniqueEvent sigterm_;
};

}  // namespace chorus::app
