#pragma once

// ServerNonInviteTransaction: RFC 3261 17.2.2. Absorbs retransmitted
// requests (replaying the last response once there is one) and stays
// Completed for Timer J after the final. Owned by the TransactionLayer;
// signalling thread only.

#include "b2bua/sip/transaction/transaction.h"

namespace chorus::b2bua {

class ServerNonInviteTransaction final : public Transaction {
 public:
  ServerNonInviteTransaction(TransactionContext& ctx, TransactionId id, std::string key,
                             std::unique_ptr<SipMessage> request, const SipPeer& peer);

  void Respond(std::unique_ptr<SipMessage> response);
  void OnRetransmittedRequest();
  void OnTransportError();
  int final_status() const { return final_status_; }

 private:
  void Send();

  std::unique_ptr<SipMessage> last_response_;
  int final_status_ = 0;
  TxnTimer timer_j_;
};

}  // namespace chorus::b2bua
