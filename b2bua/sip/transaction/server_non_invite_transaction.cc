#include "b2bua/sip/transaction/server_non_invite_transaction.h"

#include "b2bua/sip/transport/sip_transport.h"

namespace chorus::b2bua {

ServerNonInviteTransaction::ServerNonInviteTransaction(TransactionContext& ctx, TransactionId id,
                                                       std::string key,
                                                       std::unique_ptr<SipMessage> request,
                                                       const SipPeer& peer)
    : Transaction(ctx, id, std::move(key), std::move(request), peer), timer_j_(ctx.timers) {
  state_ = TxnState::kTrying;
}

void ServerNonInviteTransaction::Send() {
  auto r = ctx_.transport.SendResponse(peer_, *last_response_);
  if (!r) OnTransportError();
}

void ServerNonInviteTransaction::Respond(std::unique_ptr<SipMessage> response) {
  if (state_ != TxnState::kTrying && state_ != TxnState::kProceeding) return;
  int code = response->status_code();
  last_response_ = std::move(response);
  if (code < 200) {
    state_ = TxnState::kProceeding;
    Send();
    return;
  }
  final_status_ = code;
  state_ = TxnState::kCompleted;
  Send();
  if (state_ == TxnState::kTerminated) return;
  // Timer J: 64*T1 over UDP to answer retransmissions, 0 when reliable.
  timer_j_.Start(reliable() ? 0 : 64 * ctx_.t.t1_ms, [this] { Terminate(); });
}

void ServerNonInviteTransaction::OnRetransmittedRequest() {
  ++ctx_.stats.retransmissions_absorbed;
  if (last_response_ && (state_ == TxnState::kProceeding || state_ == TxnState::kCompleted)) {
    Send();
  }
}

void ServerNonInviteTransaction::OnTransportError() {
  if (state_ == TxnState::kTerminated) return;
  ++ctx_.stats.transport_errors;
  timer_j_.Stop();
  Terminate();
}

}  // namespace chorus::b2bua
