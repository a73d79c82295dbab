#pragma once

// Shared vocabulary of the transaction layer (RFC 3261 17, RFC 6026).

#include <cstdint>
#include <functional>
#include <memory>

#include "b2bua/sip/transport/sip_peer.h"
#include "media/base/timer_service.h"

namespace chorus::b2bua {

class SipMessage;
class SipTransport;

using TransactionId = uint64_t;
inline constexpr TransactionId kNoTransaction = 0;

enum class TxnState : uint8_t {
  kCalling,     // client INVITE: request sent, nothing back yet
  kTrying,      // non-INVITE: request sent / received, nothing final
  kProceeding,  // provisional seen / sent
  kCompleted,   // final non-2xx (INVITE) or any final (non-INVITE)
  kConfirmed,   // server INVITE: ACK for the non-2xx received
  kAccepted,    // RFC 6026: INVITE answered with 2xx
  kTerminated,
};

const char* TxnStateName(TxnState s);

// RFC 3261 17.1.1.1 timer bases.
struct TimerValues {
  int64_t t1_ms = 500;
  int64_t t2_ms = 4000;
  int64_t t4_ms = 5000;
};

// Counters read at metric scrapes (signalling thread).
struct TransactionStats {
  uint64_t client_created = 0;
  uint64_t server_created = 0;
  uint64_t retransmissions_sent = 0;      // our requests and responses sent again
  uint64_t retransmissions_absorbed = 0;  // peer's retransmitted requests we answered from cache
  uint64_t timeouts = 0;                  // Timer B / F / H fired
  uint64_t transport_errors = 0;
  uint64_t stray_responses = 0;
  uint64_t stray_acks = 0;
  uint64_t active = 0;
};

// What a client transaction reports to the TU that sent its request.
struct ClientHandler {
  // Every provisional and final response passed up (RFC 3261 17.1.1.2;
  // with RFC 6026 also 2xx retransmissions in the Accepted state).
  std::function<void(const SipMessage& response)> on_response;
  // Timeout (408, RFC 3261 8.1.3.1 treats it as a 408) or transport
  // failure (503). Called at most once, and never after a final response.
  std::function<void(int status)> on_failure;
};

// Everything a transaction object uses from its environment.
struct TransactionContext {
  TimerService& timers;
  SipTransport& transport;
  TimerValues t;
  TransactionStats& stats;
  // The transaction reached Terminated; the layer removes it later in the
  // same loop turn's aftermath (never inside the transaction's own call).
  std::function<void(TransactionId)> on_terminated;
};

// A one-shot timer owned by a transaction: restarted, stopped, and stopped
// on destruction so a callback never outlives its object.
class TxnTimer {
 public:
  explicit TxnTimer(TimerService& timers) : timers_(timers) {}
  ~TxnTimer() { Stop(); }
  TxnTimer(const TxnTimer&) = delete;
  TxnTimer& operator=(const TxnTimer&) = delete;

  void Start(int64_t delay_ms, std::function<void()> fn) {
    Stop();
    id_ = timers_.Schedule(delay_ms, [this, fn = std::move(fn)] {
      id_ = kNoTimer;
      fn();
    });
  }
  void Stop() {
    if (id_ != kNoTimer) timers_.Cancel(id_);
    id_ = kNoTimer;
  }
  bool active() const { return id_ != kNoTimer; }

 private:
  TimerService& timers_;
  TimerId id_ = kNoTimer;
};

}  // namespace chorus::b2bua
