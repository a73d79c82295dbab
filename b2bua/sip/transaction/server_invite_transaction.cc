#include "b2bua/sip/transaction/server_invite_transaction.h"

#include <algorithm>

#include "b2bua/sip/message/message_builder.h"
#include "b2bua/sip/transport/sip_transport.h"

namespace chorus::b2bua {

ServerInviteTransaction::ServerInviteTransaction(TransactionContext& ctx, TransactionId id,
                                                 std::string key,
                                                 std::unique_ptr<SipMessage> request,
                                                 const SipPeer& peer)
    : Transaction(ctx, id, std::move(key), std::move(request), peer),
      timer_g_(ctx.timers),
      timer_h_(ctx.timers),
      timer_i_(ctx.timers),
      timer_l_(ctx.timers) {
  state_ = TxnState::kProceeding;
}

void ServerInviteTransaction::Start() {
  // RFC 3261 17.2.1: 100 Trying unless the TU answers within 200 ms; we
  // send it at once so retransmissions stop early.
  Respond(BuildResponse(*request_, 100));
}

void ServerInviteTransaction::Send() {
  auto r = ctx_.transport.SendResponse(peer_, *last_response_);
  if (!r) OnTransportError();
}

void ServerInviteTransaction::Respond(std::unique_ptr<SipMessage> response) {
  int code = response->status_code();
  if (state_ == TxnState::kProceeding) {
    last_response_ = std::move(response);
    if (code < 200) {
      Send();
      return;
    }
    final_status_ = code;
    if (code < 300) {
      // RFC 6026 7.1: Accepted, Timer L = 64*T1.
      state_ = TxnState::kAccepted;
      Send();
      timer_l_.Start(64 * ctx_.t.t1_ms, [this] { Terminate(); });
      return;
    }
    state_ = TxnState::kCompleted;
    Send();
    if (state_ == TxnState::kTerminated) return;
    if (!reliable()) {
      timer_g_ms_ = ctx_.t.t1_ms;
      timer_g_.Start(timer_g_ms_, [this] { OnTimerG(); });
    }
    timer_h_.Start(64 * ctx_.t.t1_ms, [this] {
      if (state_ != TxnState::kCompleted) return;
      ++ctx_.stats.timeouts;
      timer_g_.Stop();
      if (on_timeout_) on_timeout_();
      Terminate();
    });
    return;
  }
  if (state_ == TxnState::kAccepted && code >= 200 && code < 300) {
    // TU retransmitting its 2xx (RFC 3261 13.3.1.4) through us.
    last_response_ = std::move(response);
    Send();
  }
}

void ServerInviteTransaction::OnTimerG() {
  if (state_ != TxnState::kCompleted) return;
  ++ctx_.stats.retransmissions_sent;
  Send();
  if (state_ != TxnState::kCompleted) return;
  timer_g_ms_ = std::min(2 * timer_g_ms_, ctx_.t.t2_ms);
  timer_g_.Start(timer_g_ms_, [this] { OnTimerG(); });
}

void ServerInviteTransaction::OnRetransmittedRequest() {
  ++ctx_.stats.retransmissions_absorbed;
  // Proceeding: replay the last provisional; Completed: the final.
  // Accepted: absorbed without a reply (RFC 6026 7.1).
  if ((state_ == TxnState::kProceeding || state_ == TxnState::kCompleted) && last_response_) {
    Send();
  }
}

bool ServerInviteTransaction::OnAck() {
  if (state_ == TxnState::kCompleted) {
    state_ = TxnState::kConfirmed;
    timer_g_.Stop();
    timer_h_.Stop();
    // Timer I: T4 over UDP absorbs ACK retransmissions.
    timer_i_.Start(reliable() ? 0 : ctx_.t.t4_ms, [this] { Terminate(); });
    return true;
  }
  return state_ == TxnState::kConfirmed;
}

void ServerInviteTransaction::OnTransportError() {
  if (state_ == TxnState::kTerminated) return;
  ++ctx_.stats.transport_errors;
  timer_g_.Stop();
  timer_h_.Stop();
  // RFC 6026 7.1: a transport error in Accepted does not end the
  // transaction (the TU keeps retransmitting its 2xx).
  if (state_ != TxnState::kAccepted) Terminate();
}

}  // namespace chorus::b2bua
