#pragma once

// LegContext: what every call leg needs from the SIP stack, bundled so a
// leg's constructor stays short. References into objects the SipStack owns;
// signalling thread only.

#include <string>

#include "b2bua/call/call_manager.h"
#include "b2bua/sip/transport/sip_transport.h"
#include "media/base/timer_service.h"

namespace chorus::b2bua {

struct LegContext {
  CallManager& calls;
  TransactionLayer& transactions;
  SipTransport& transport;
  TimerService& timers;
  std::string server_name = "Chorus";
};

}  // namespace chorus::b2bua
