#include "b2bua/sip/transaction/client_non_invite_transaction.h"

#include <algorithm>

#include "b2bua/sip/transport/sip_transport.h"

namespace chorus::b2bua {

ClientNonInviteTransaction::ClientNonInviteTransaction(TransactionContext& ctx, TransactionId id,
                                                       std::string key,
                                                       std::unique_ptr<SipMessage> request,
                                                       const SipPeer& peer, ClientHandler handler)
    : Transaction(ctx, id, std::move(key), std::move(request), peer),
      handler_(std::move(handler)),
      timer_e_(ctx.timers),
      timer_f_(ctx.timers),
      timer_k_(ctx.timers) {
  state_ = TxnState::kTrying;
  wire_ = request_->Serialize();
}

void ClientNonInviteTransaction::Start() {
  if (!ctx_.transport.SendRequest(peer_, wire_)) {
    // Never report a failure from inside the TU's own send call: defer it.
    timer_f_.Start(0, [this] { OnTransportError(); });
    return;
  }
  if (!reliable()) {
    timer_e_ms_ = ctx_.t.t1_ms;
    timer_e_.Start(timer_e_ms_, [this] { OnTimerE(); });
  }
  timer_f_.Start(64 * ctx_.t.t1_ms, [this] {
    if (state_ != TxnState::kTrying && state_ != TxnState::kProceeding) return;
    ++ctx_.stats.timeouts;
    Fail(408);
  });
}

void ClientNonInviteTransaction::OnTimerE() {
  if (state_ != TxnState::kTrying && state_ != TxnState::kProceeding) return;
  ++ctx_.stats.retransmissions_sent;
  SendRequest();
  if (state_ != TxnState::kTrying && state_ != TxnState::kProceeding) return;
  // RFC 3261 17.1.2.2: E doubles up to T2 while Trying, is T2 in Proceeding.
  timer_e_ms_ = state_ == TxnState::kTrying ? std::min(2 * timer_e_ms_, ctx_.t.t2_ms)
                                            : ctx_.t.t2_ms;
  timer_e_.Start(timer_e_ms_, [this] { OnTimerE(); });
}

void ClientNonInviteTransaction::SendRequest() {
  auto r = ctx_.transport.SendRequest(peer_, wire_);
  if (!r) OnTransportError();
}

void ClientNonInviteTransaction::Fail(int status) {
  timer_e_.Stop();
  timer_f_.Stop();
  auto handler = handler_.on_failure;
  Terminate();
  if (handler) handler(status);
}

void ClientNonInviteTransaction::OnTransportError() {
  if (state_ != TxnState::kTrying && state_ != TxnState::kProceeding) return;
  ++ctx_.stats.transport_errors;
  Fail(503);
}

void ClientNonInviteTransaction::OnResponse(const SipMessage& response) {
  if (state_ != TxnState::kTrying && state_ != TxnState::kProceeding) return;
  if (response.status_code() < 200) {
    state_ = TxnState::kProceeding;
    if (handler_.on_response) handler_.on_response(response);
    return;
  }
  timer_e_.Stop();
  timer_f_.Stop();
  state_ = TxnState::kCompleted;
  // Timer K: T4 over UDP to absorb retransmitted finals, 0 when reliable.
  timer_k_.Start(reliable() ? 0 : ctx_.t.t4_ms, [this] { Terminate(); });
  if (handler_.on_response) handler_.on_response(response);
}

}  // namespace chorus::b2bua
