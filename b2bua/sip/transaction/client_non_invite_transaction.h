#pragma once

// ClientNonInviteTransaction: RFC 3261 17.1.2. Retransmits on Timer E over
// UDP (doubling to T2, then every T2 once a provisional arrived), times out
// on Timer F, absorbs final retransmissions for Timer K. Owned by the
// TransactionLayer; signalling thread only.

#include "b2bua/sip/transaction/transaction.h"

namespace chorus::b2bua {

class ClientNonInviteTransaction final : public Transaction {
 public:
  ClientNonInviteTransaction(TransactionContext& ctx, TransactionId id, std::string key,
                             std::unique_ptr<SipMessage> request, const SipPeer& peer,
                             ClientHandler handler);

  void Start();
  void OnResponse(const SipMessage& response);
  void OnTransportError();

 private:
  void OnTimerE();
  void SendRequest();
  void Fail(int status);

  ClientHandler handler_;
  std::string wire_;
  int64_t timer_e_ms_ = 0;
  TxnTimer timer_e_;
  TxnTimer timer_f_;
  TxnTimer timer_k_;
};

}  // namespace chorus::b2bua
