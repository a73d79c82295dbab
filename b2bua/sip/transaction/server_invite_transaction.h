#pragma once

// ServerInviteTransaction: RFC 3261 17.2.1 with the RFC 6026 Accepted
// state. Answers 100 Trying at once, replays the last response to
// retransmitted INVITEs, retransmits a non-2xx final on Timer G until the
// ACK (Confirmed, Timer I) or Timer H; after a 2xx stays Accepted for Timer
// L absorbing INVITE retransmissions (2xx retransmission is the TU's job,
// RFC 3261 13.3.1.4). Owned by the TransactionLayer; signalling thread.

#include <functional>

#include "b2bua/sip/transaction/transaction.h"

namespace chorus::b2bua {

class ServerInviteTransaction final : public Transaction {
 public:
  ServerInviteTransaction(TransactionContext& ctx, TransactionId id, std::string key,
                          std::unique_ptr<SipMessage> request, const SipPeer& peer);

  // Sends 100 Trying.
  void Start();
  // The TU's response (provisional or final).
  void Respond(std::unique_ptr<SipMessage> response);
  void OnRetransmittedRequest();
  // An ACK matching this transaction (a non-2xx ACK, or a 2xx ACK from an
  // RFC 2543 client reusing the branch). Returns true when absorbed.
  bool OnAck();
  void OnTransportError();

  // Called when Timer H expires without an ACK (the TU may log it).
  void set_on_timeout(std::function<void()> fn) { on_timeout_ = std::move(fn); }
  int final_status() const { return final_status_; }

 private:
  void Send();
  void OnTimerG();

  std::unique_ptr<SipMessage> last_response_;
  int final_status_ = 0;
  int64_t timer_g_ms_ = 0;
  TxnTimer timer_g_;
  TxnTimer timer_h_;
  TxnTimer timer_i_;
  TxnTimer timer_l_;
  std::function<void()> on_timeout_;
};

}  // namespace chorus::b2bua
