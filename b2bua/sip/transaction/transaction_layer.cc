#include "b2bua/sip/transaction/transaction_layer.h"

#include "b2bua/sip/message/message_builder.h"
#include "b2bua/sip/transaction/client_invite_transaction.h"
#include "b2bua/sip/transaction/client_non_invite_transaction.h"
#include "b2bua/sip/transaction/server_invite_transaction.h"
#include "b2bua/sip/transaction/server_non_invite_transaction.h"
#include "b2bua/sip/transaction/transaction_key.h"
#include "media/base/log.h"

namespace chorus::b2bua {

const char* TxnStateName(TxnState s) {
  switch (s) {
    case TxnState::kCalling: return "calling";
    case TxnState::kTrying: return "trying";
    case TxnState::kProceeding: return "proceeding";
    case TxnState::kCompleted: return "completed";
    case TxnState::kConfirmed: return "confirmed";
    case TxnState::kAccepted: return "accepted";
    case TxnState::kTerminated: return "terminated";
  }
  return "?";
}

TransactionLayer::TransactionLayer(TimerService& timers, SipTransport& transport,
                                   const TimerValues& t, TransactionUser& user)
    : ctx_{timers, transport, t, stats_, [this](TransactionId id) { OnTerminated(id); }},
      user_(user) {}

TransactionLayer::~TransactionLayer() {
  if (reap_timer_ != kNoTimer) ctx_.timers.Cancel(reap_timer_);
  by_key_.clear();
  by_id_.clear();
}

TransactionLayer::Entry* TransactionLayer::FindByKey(const std::string& key) {
  auto it = by_key_.find(key);
  if (it == by_key_.end()) return nullptr;
  return FindById(it->second);
}

TransactionLayer::Entry* TransactionLayer::FindById(TransactionId id) {
  auto it = by_id_.find(id);
  if (it == by_id_.end()) return nullptr;
  if (it->second.txn->state() == TxnState::kTerminated) return nullptr;
  return &it->second;
}

const TransactionLayer::Entry* TransactionLayer::FindById(TransactionId id) const {
  auto it = by_id_.find(id);
  return it == by_id_.end() ? nullptr : &it->second;
}

TransactionId TransactionLayer::Add(std::unique_ptr<Transaction> txn, Entry::Kind kind) {
  TransactionId id = txn->id();
  by_key_[txn->key()] = id;
  by_id_.emplace(id, Entry{std::move(txn), kind});
  stats_.active = by_id_.size();
  return id;
}

void TransactionLayer::OnTerminated(TransactionId id) {
  dead_.push_back(id);
  if (reap_timer_ == kNoTimer) {
    // Removal waits for the next loop turn: the transaction may still be on
    // the call stack.
    reap_timer_ = ctx_.timers.Schedule(0, [this] {
      reap_timer_ = kNoTimer;
      Reap();
    });
  }
}

void TransactionLayer::Reap() {
  std::vector<TransactionId> dead;
  dead.swap(dead_);
  for (TransactionId id : dead) {
    auto it = by_id_.find(id);
    if (it == by_id_.end()) continue;
    auto k = by_key_.find(it->second.txn->key());
    if (k != by_key_.end() && k->second == id) by_key_.erase(k);
    by_id_.erase(it);
  }
  stats_.active = by_id_.size();
}

void TransactionLayer::OnMessage(std::unique_ptr<SipMessage> message, const SipPeer& from) {
  if (message->is_request()) {
    OnRequest(std::move(message), from);
  } else {
    OnResponse(*message, from);
  }
}

void TransactionLayer::OnResponse(const SipMessage& response, const SipPeer& from) {
  Entry* e = FindByKey(ClientTransactionKey(response));
  if (e == nullptr) {
    ++stats_.stray_responses;
    user_.OnStrayResponse(response, from);
    return;
  }
  if (e->kind == Entry::kClientInvite) {
    static_cast<ClientInviteTransaction*>(e->txn.get())->OnResponse(response);
  } else if (e->kind == Entry::kClientNonInvite) {
    static_cast<ClientNonInviteTransaction*>(e->txn.get())->OnResponse(response);
  } else {
    ++stats_.stray_responses;  // a response to a server transaction's key: nonsense
  }
}

void TransactionLayer::OnRequest(std::unique_ptr<SipMessage> request, const SipPeer& from) {
  Method method = request->method();
  if (method == Method::kAck) {
    OnAckRequest(std::move(request), from);
    return;
  }
  if (method == Method::kCancel) {
    OnCancelRequest(std::move(request), from);
    return;
  }
  std::string key = ServerTransactionKey(*request, method);
  if (Entry* e = FindByKey(key)) {
    if (e->kind == Entry::kServerInvite) {
      static_cast<ServerInviteTransaction*>(e->txn.get())->OnRetransmittedRequest();
    } else if (e->kind == Entry::kServerNonInvite) {
      static_cast<ServerNonInviteTransaction*>(e->txn.get())->OnRetransmittedRequest();
    }
    return;
  }
  TransactionId id = ++next_id_;
  ++stats_.server_created;
  const SipMessage* req = request.get();
  if (method == Method::kInvite) {
    auto txn = std::make_unique<ServerInviteTransaction>(ctx_, id, std::move(key),
                                                         std::move(request), from);
    ServerInviteTransaction* raw = txn.get();
    Add(std::move(txn), Entry::kServerInvite);
    raw->Start();
  } else {
    Add(std::make_unique<ServerNonInviteTransaction>(ctx_, id, std::move(key), std::move(request),
                                                     from),
        Entry::kServerNonInvite);
  }
  user_.OnRequest(id, *req, from);
}

void TransactionLayer::OnAckRequest(std::unique_ptr<SipMessage> ack, const SipPeer& from) {
  Entry* e = FindByKey(ServerTransactionKey(*ack, Method::kInvite));
  if (e != nullptr && e->kind == Entry::kServerInvite &&
      static_cast<ServerInviteTransaction*>(e->txn.get())->OnAck()) {
    return;  // the ACK of our non-2xx: absorbed (RFC 3261 17.2.1)
  }
  user_.OnAck(*ack, from);
}

void TransactionLayer::OnCancelRequest(std::unique_ptr<SipMessage> cancel, const SipPeer& from) {
  std::string key = ServerTransactionKey(*cancel, Method::kCancel);
  if (Entry* e = FindByKey(key)) {
    static_cast<ServerNonInviteTransaction*>(e->txn.get())->OnRetransmittedRequest();
    return;
  }
  TransactionId id = ++next_id_;
  ++stats_.server_created;
  Entry* invite = FindByKey(ServerTransactionKey(*cancel, Method::kInvite));
  const SipMessage& req = *cancel;
  auto txn = std::make_unique<ServerNonInviteTransaction>(ctx_, id, std::move(key),
                                                          std::move(cancel), from);
  ServerNonInviteTransaction* raw = txn.get();
  Add(std::move(txn), Entry::kServerNonInvite);
  if (invite == nullptr || invite->kind != Entry::kServerInvite) {
    // RFC 3261 9.2: no matching transaction.
    raw->Respond(BuildResponse(req, 481));
    return;
  }
  // 200 to the CANCEL whatever the INVITE's state (9.2); the INVITE is
  // cancelled only while it has no final response.
  raw->Respond(BuildResponse(req, 200, {}, RandomToken(6)));
  auto* inv = static_cast<ServerInviteTransaction*>(invite->txn.get());
  if (inv->state() == TxnState::kProceeding) user_.OnCancel(inv->id(), req);
}

void TransactionLayer::Respond(TransactionId txn, std::unique_ptr<SipMessage> response) {
  Entry* e = FindById(txn);
  if (e == nullptr) return;
  if (e->kind == Entry::kServerInvite) {
    static_cast<ServerInviteTransaction*>(e->txn.get())->Respond(std::move(response));
  } else if (e->kind == Entry::kServerNonInvite) {
    static_cast<ServerNonInviteTransaction*>(e->txn.get())->Respond(std::move(response));
  }
}

const SipMessage* TransactionLayer::ServerRequest(TransactionId txn) const {
  const Entry* e = FindById(txn);
  if (e == nullptr || (e->kind != Entry::kServerInvite && e->kind != Entry::kServerNonInvite)) {
    return nullptr;
  }
  return &e->txn->request();
}

const SipPeer* TransactionLayer::ServerPeer(TransactionId txn) const {
  const Entry* e = FindById(txn);
  return e == nullptr ? nullptr : &e->txn->peer();
}

int TransactionLayer::ServerFinalStatus(TransactionId txn) const {
  const Entry* e = FindById(txn);
  if (e == nullptr) return 0;
  if (e->kind == Entry::kServerInvite) {
    return static_cast<const ServerInviteTransaction*>(e->txn.get())->final_status();
  }
  if (e->kind == Entry::kServerNonInvite) {
    return static_cast<const ServerNonInviteTransaction*>(e->txn.get())->final_status();
  }
  return 0;
}

TransactionId TransactionLayer::SendRequest(std::unique_ptr<SipMessage> request,
                                            const SipPeer& to, ClientHandler handler) {
  TransactionId id = ++next_id_;
  ++stats_.client_created;
  std::string key = ClientTransactionKey(*request);
  if (request->method() == Method::kInvite) {
    auto txn = std::make_unique<ClientInviteTransaction>(ctx_, id, std::move(key),
                                                         std::move(request), to,
                                                         std::move(handler));
    ClientInviteTransaction* raw = txn.get();
    Add(std::move(txn), Entry::kClientInvite);
    raw->Start();
  } else {
    auto txn = std::make_unique<ClientNonInviteTransaction>(ctx_, id, std::move(key),
                                                            std::move(request), to,
                                                            std::move(handler));
    ClientNonInviteTransaction* raw = txn.get();
    Add(std::move(txn), Entry::kClientNonInvite);
    raw->Start();
  }
  return id;
}

void TransactionLayer::OnTransportError(const SipPeer& peer) {
  std::vector<std::pair<Transaction*, Entry::Kind>> hit;
  for (auto& [id, e] : by_id_) {
    const SipPeer& p = e.txn->peer();
    bool same = p.transport == peer.transport &&
                ((peer.connection_id != 0 && p.connection_id == peer.connection_id) ||
                 p.remote == peer.remote);
    if (same && e.txn->state() != TxnState::kTerminated) hit.emplace_back(e.txn.get(), e.kind);
  }
  for (auto& [txn, kind] : hit) {
    switch (kind) {
      case Entry::kClientInvite:
        static_cast<ClientInviteTransaction*>(txn)->OnTransportError();
        break;
      case Entry::kClientNonInvite:
        static_cast<ClientNonInviteTransaction*>(txn)->OnTransportError();
        break;
      case Entry::kServerInvite:
        static_cast<ServerInviteTransaction*>(txn)->OnTransportError();
        break;
      case Entry::kServerNonInvite:
        static_cast<ServerNonInviteTransaction*>(txn)->OnTransportError();
        break;
    }
  }
}

}  // namespace chorus::b2bua
