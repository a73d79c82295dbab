#include "b2bua/sip/transaction/client_invite_transaction.h"

#include "b2bua/sip/message/message_builder.h"
#include "b2bua/sip/transport/sip_transport.h"

namespace chorus::b2bua {

std::string BuildNon2xxAck(const SipMessage& invite, const SipMessage& response) {
  SipMessageWriter w;
  w.Request("ACK", invite.request_uri());
  const SipHeader* via = invite.Find(HeaderId::kVia);
  if (via != nullptr) w.Header(HeaderId::kVia, invite.top_via().text);
  w.Header(HeaderId::kMaxForwards, "70");
  w.Header(HeaderId::kFrom, invite.Value(HeaderId::kFrom));
  w.Header(HeaderId::kTo, response.Value(HeaderId::kTo));
  w.Header(HeaderId::kCallId, invite.call_id());
  w.Header(HeaderId::kCSeq, std::to_string(invite.cseq().number) + " ACK");
  for (const SipHeader& h : invite.headers()) {
    if (h.id == HeaderId::kRoute) w.Header(HeaderId::kRoute, h.value);
  }
  return w.Finish();
}

ClientInviteTransaction::ClientInviteTransaction(TransactionContext& ctx, TransactionId id,
                                                 std::string key,
                                                 std::unique_ptr<SipMessage> request,
                                                 const SipPeer& peer, ClientHandler handler)
    : Transaction(ctx, id, std::move(key), std::move(request), peer),
      handler_(std::move(handler)),
      timer_a_(ctx.timers),
      timer_b_(ctx.timers),
      timer_d_(ctx.timers),
      timer_m_(ctx.timers) {
  state_ = TxnState::kCalling;
  wire_ = request_->Serialize();
}

void ClientInviteTransaction::Start() {
  if (!ctx_.transport.SendRequest(peer_, wire_)) {
    // Never report a failure from inside the TU's own send call: defer it.
    timer_b_.Start(0, [this] { OnTransportError(); });
    return;
  }
  if (!reliable()) {
    // RFC 3261 17.1.1.2: Timer A starts at T1 and doubles, over UDP only.
    timer_a_ms_ = ctx_.t.t1_ms;
    timer_a_.Start(timer_a_ms_, [this] { OnTimerA(); });
  }
  // Timer B: 64*T1 for any transport.
  timer_b_.Start(64 * ctx_.t.t1_ms, [this] {
    if (state_ != TxnState::kCalling) return;
    ++ctx_.stats.timeouts;
    Fail(408);
  });
}

void ClientInviteTransaction::OnTimerA() {
  if (state_ != TxnState::kCalling) return;
  ++ctx_.stats.retransmissions_sent;
  SendRequest();
  if (state_ != TxnState::kCalling) return;
  timer_a_ms_ *= 2;
  timer_a_.Start(timer_a_ms_, [this] { OnTimerA(); });
}

void ClientInviteTransaction::SendRequest() {
  auto r = ctx_.transport.SendRequest(peer_, wire_);
  if (!r) OnTransportError();
}

void ClientInviteTransaction::SendAck(const SipMessage& response) {
  if (ack_wire_.empty()) ack_wire_ = BuildNon2xxAck(*request_, response);
  auto r = ctx_.transport.SendRequest(peer_, ack_wire_);
  (void)r;  // a lost ACK is recovered by the peer's retransmitted final
}

void ClientInviteTransaction::Fail(int status) {
  timer_a_.Stop();
  timer_b_.Stop();
  auto handler = handler_.on_failure;
  Terminate();
  if (handler) handler(status);
}

void ClientInviteTransaction::OnTransportError() {
  if (state_ == TxnState::kTerminated || state_ == TxnState::kCompleted ||
      state_ == TxnState::kAccepted) {
    return;
  }
  ++ctx_.stats.transport_errors;
  Fail(503);
}

void ClientInviteTransaction::OnResponse(const SipMessage& response) {
  int code = response.status_code();
  switch (state_) {
    case TxnState::kCalling:
    case TxnState::kProceeding:
      timer_a_.Stop();
      if (code < 200) {
        state_ = TxnState::kProceeding;
        timer_b_.Stop();  // no timeout once the server answered (17.1.1.2)
        if (handler_.on_response) handler_.on_response(response);
      } else if (code < 300) {
        // RFC 6026 7.2: Accepted; the TU ACKs 2xx and sees retransmissions.
        timer_b_.Stop();
        state_ = TxnState::kAccepted;
        timer_m_.Start(64 * ctx_.t.t1_ms, [this] { Terminate(); });
        if (handler_.on_response) handler_.on_response(response);
      } else {
        timer_b_.Stop();
        state_ = TxnState::kCompleted;
        SendAck(response);
        // Timer D: at least 32 s over UDP to absorb final retransmissions.
        timer_d_.Start(reliable() ? 0 : 32'000, [this] { Terminate(); });
        if (handler_.on_response) handler_.on_response(response);
      }
      break;
    case TxnState::kCompleted:
      if (code >= 300) SendAck(response);  // retransmitted final: ACK again, TU not told
      break;
    case TxnState::kAccepted:
      if (code >= 200 && code < 300 && handler_.on_response) handler_.on_response(response);
      break;
    default:
      break;
  }
}

}  // namespace chorus::b2bua
