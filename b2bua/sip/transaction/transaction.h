#pragma once

// Transaction: what the four RFC 3261 17 state machines share: identity,
// the request, the peer, state, and access to timers and the transport.
// Owned by the TransactionLayer; signalling thread only.

#include <memory>
#include <string>

#include "b2bua/sip/message/sip_message.h"
#include "b2bua/sip/transaction/transaction_types.h"
#include "b2bua/sip/transport/sip_peer.h"

namespace chorus::b2bua {

class Transaction {
 public:
  virtual ~Transaction() = default;
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;

  TransactionId id() const { return id_; }
  const std::string& key() const { return key_; }
  TxnState state() const { return state_; }
  const SipMessage& request() const { return *request_; }
  const SipPeer& peer() const { return peer_; }
  bool reliable() const { return IsReliable(peer_.transport); }

 protected:
  Transaction(TransactionContext& ctx, TransactionId id, std::string key,
              std::unique_ptr<SipMessage> request, const SipPeer& peer)
      : ctx_(ctx), id_(id), key_(std::move(key)), request_(std::move(request)), peer_(peer) {}

  // Enters Terminated and tells the layer (once).
  void Terminate() {
    if (state_ == TxnState::kTerminated) return;
    state_ = TxnState::kTerminated;
    ctx_.on_terminated(id_);
  }

  TransactionContext& ctx_;
  const TransactionId id_;
  const std::string key_;
  std::unique_ptr<SipMessage> request_;
  SipPeer peer_;
  TxnState state_ = TxnState::kTrying;
};

}  // namespace chorus::b2bua
