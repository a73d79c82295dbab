#pragma once

// ClientInviteTransaction: RFC 3261 17.1.1 with the RFC 6026 Accepted
// state. Sends the INVITE, retransmits it on Timer A over UDP, times out on
// Timer B while nothing came back, ACKs non-2xx finals itself and passes
// every response (and 2xx retransmissions while Accepted) to its handler.
// Owned by the TransactionLayer; signalling thread only.

#include "b2bua/sip/transaction/transaction.h"

namespace chorus::b2bua {

class ClientInviteTransaction final : public Transaction {
 public:
  ClientInviteTransaction(TransactionContext& ctx, TransactionId id, std::string key,
                          std::unique_ptr<SipMessage> request, const SipPeer& peer,
                          ClientHandler handler);

  // Sends the request and starts timers A and B.
  void Start();
  void OnResponse(const SipMessage& response);
  void OnTransportError();

 private:
  void OnTimerA();
  void SendRequest();
  void SendAck(const SipMessage& response);
  void Fail(int status);

  ClientHandler handler_;
  std::string wire_;      // serialized request, for retransmissions
  std::string ack_wire_;  // ACK for the non-2xx final, for retransmissions
  int64_t timer_a_ms_ = 0;
  TxnTimer timer_a_;
  TxnTimer timer_b_;
  TxnTimer timer_d_;
  TxnTimer timer_m_;
};

// The ACK a client transaction sends for a non-2xx final (RFC 3261
// 17.1.1.3): Request-URI, Call-ID, From, top Via and Route of the INVITE,
// To of the response, CSeq number with method ACK.
std::string BuildNon2xxAck(const SipMessage& invite, const SipMessage& response);

}  // namespace chorus::b2bua
