#pragma once

// TransactionLayer: matches every inbound SIP message to a transaction
// (RFC 3261 17.1.3 / 17.2.3), creates server transactions for new
// requests, runs client transactions for requests the TU sends, handles
// CANCEL (9.2) and ACK matching, and hands the rest to the transaction user
// (the dialog / call layer) statelessly: ACKs for 2xx and responses that
// match nothing. Owns all transactions; signalling thread only.

#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "b2bua/sip/message/sip_message.h"
#include "b2bua/sip/transaction/transaction_types.h"

namespace chorus::b2bua {

class Transaction;
class ClientInviteTransaction;
class ClientNonInviteTransaction;
class ServerInviteTransaction;
class ServerNonInviteTransaction;

// Implemented by the layer above.
class TransactionUser {
 public:
  virtual ~TransactionUser() = default;
  // A new request (not ACK, not CANCEL) opened server transaction `txn`;
  // answer it with TransactionLayer::Respond. For INVITE, 100 Trying is
  // already on its way.
  virtual void OnRequest(TransactionId txn, const SipMessage& request, const SipPeer& from) = 0;
  // An ACK that no transaction absorbed: the ACK of a 2xx (RFC 3261 17.1.1.3
  // makes it its own transaction) or a stray one.
  virtual void OnAck(const SipMessage& ack, const SipPeer& from) = 0;
  // A CANCEL for INVITE transaction `invite_txn`, which has no final
  // response yet; the CANCEL itself is answered 200 already. The TU should
  // answer the INVITE with 487 (RFC 3261 9.2).
  virtual void OnCancel(TransactionId invite_txn, const SipMessage& cancel) = 0;
  // A response that matches no client transaction: typically a 2xx
  // retransmission after the INVITE transaction ended, which the dialog
  // ACKs again.
  virtual void OnStrayResponse(const SipMessage& response, const SipPeer& from) = 0;
};

class TransactionLayer {
 public:
  TransactionLayer(TimerService& timers, SipTransport& transport, const TimerValues& t,
                   TransactionUser& user);
  ~TransactionLayer();
  TransactionLayer(const TransactionLayer&) = delete;
  TransactionLayer& operator=(const TransactionLayer&) = delete;

  // A valid parsed message from the transport.
  void OnMessage(std::unique_ptr<SipMessage> message, const SipPeer& from);

  // Sends a response on server transaction `txn` (ignored when it is gone).
  void Respond(TransactionId txn, std::unique_ptr<SipMessage> response);
  // The request of a live server transaction, or nullptr.
  const SipMessage* ServerRequest(TransactionId txn) const;
  const SipPeer* ServerPeer(TransactionId txn) const;
  // Final status sent on a server transaction (0 when none yet / unknown).
  int ServerFinalStatus(TransactionId txn) const;

  // Starts a client transaction; the request's top Via must carry a fresh
  // branch. Failures are reported through `handler` later, never from
  // inside this call.
  TransactionId SendRequest(std::unique_ptr<SipMessage> request, const SipPeer& to,
                            ClientHandler handler);
  // A stream to `peer` failed: client transactions using it fail (503).
  void OnTransportError(const SipPeer& peer);

  const TransactionStats& stats() const { return stats_; }
  size_t size() const { return by_id_.size(); }
  const TimerValues& timer_values() const { return ctx_.t; }

 private:
  struct Entry {
    std::unique_ptr<Transaction> txn;
    enum Kind { kClientInvite, kClientNonInvite, kServerInvite, kServerNonInvite } kind;
  };

  void OnRequest(std::unique_ptr<SipMessage> request, const SipPeer& from);
  void OnResponse(const SipMessage& response, const SipPeer& from);
  void OnAckRequest(std::unique_ptr<SipMessage> ack, const SipPeer& from);
  void OnCancelRequest(std::unique_ptr<SipMessage> cancel, const SipPeer& from);
  Entry* FindByKey(const std::string& key);
  Entry* FindById(TransactionId id);
  const Entry* FindById(TransactionId id) const;
  TransactionId Add(std::unique_ptr<Transaction> txn, Entry::Kind kind);
  void OnTerminated(TransactionId id);
  void Reap();

  TransactionContext ctx_;
  TransactionUser& user_;
  TransactionStats stats_;
  TransactionId next_id_ = 0;
  std::unordered_map<TransactionId, Entry> by_id_;
  std::unordered_map<std::string, TransactionId> by_key_;
  std::vector<TransactionId> dead_;
  TimerId reap_timer_ = kNoTimer;
};

}  // namespace chorus::b2bua
