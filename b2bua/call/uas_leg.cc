#include "b2bua/call/uas_leg.h"

#include <algorithm>

#include "b2bua/call/request_policy.h"
#include "b2bua/sip/message/message_builder.h"
#include "b2bua/sip/message/sip_uri.h"
#include "media/base/log.h"
#include "media/dtmf/dtmf_info_body.h"

namespace chorus::b2bua {

const char* LegEndReasonName(LegEndReason r) {
  switch (r) {
    case LegEndReason::kRemoteBye: return "remote_bye";
    case LegEndReason::kLocalBye: return "local_bye";
    case LegEndReason::kCancelled: return "cancelled";
    case LegEndReason::kRejected: return "rejected";
    case LegEndReason::kAckTimeout: return "ack_timeout";
    case LegEndReason::kMediaTimeout: return "media_timeout";
  }
  return "?";
}

UasLeg::UasLeg(const LegContext& ctx, TransactionId invite_txn, const SipMessage& invite,
               const SipPeer& from, SdpNegotiator negotiator, Events events)
    : ctx_(ctx),
      invite_txn_(invite_txn),
      from_(from),
      negotiator_(std::move(negotiator)),
      events_(std::move(events)),
      local_tag_(RandomToken(6)) {
  auto clone = invite.Clone();
  CHORUS_CHECK(clone.has_value());
  invite_ = std::move(*clone);
  contact_uri_ = "sip:chorus@" + FormatHostPort(from.local.IpString(), from.local.is_v6(),
                                                from.local.port());
  if (from.transport != Transport::kUdp) {
    std::string t(TransportName(from.transport));
    std::transform(t.begin(), t.end(), t.begin(), [](unsigned char c) { return std::tolower(c); });
    contact_uri_ += ";transport=" + t;
  }
  ctx_.calls.RegisterPendingInvite(invite_txn_, this);
}

UasLeg::~UasLeg() {
  if (retransmit_timer_ != kNoTimer) ctx_.timers.Cancel(retransmit_timer_);
  ctx_.calls.UnregisterPendingInvite(invite_txn_);
  if (dialog_registered_) ctx_.calls.UnregisterDialog(dialog_->id());
}

std::unique_ptr<SipMessage> UasLeg::Response(const SipMessage& request, int code,
                                             std::string_view reason) const {
  return ctx_.calls.MakeResponse(request, code, reason, local_tag_);
}

void UasLeg::AddCommonHeaders(SipMessage& response, bool with_contact) const {
  if (with_contact) response.AddHeader(HeaderId::kContact, "<" + contact_uri_ + ">");
  response.AddHeader(HeaderId::kAllow, ctx_.calls.policy().allow_header());
  if (!ctx_.calls.policy().supported_header().empty()) {
    response.AddHeader(HeaderId::kSupported, ctx_.calls.policy().supported_header());
  }
}

void UasLeg::EnsureDialog() {
  if (dialog_) return;
  auto d = Dialog::CreateUas(*invite_, local_tag_, contact_uri_, from_);
  if (!d) {
    CHORUS_LOG(kWarn, "sip.dialog_failed")
        .Kv("call_id", invite_->call_id())
        .Kv("reason", d.error().message);
    return;
  }
  dialog_ = std::move(*d);
  ctx_.calls.RegisterDialog(dialog_->id(), this);
  dialog_registered_ = true;
}

Result<std::optional<NegotiatedMedia>> UasLeg::Negotiate(const LocalMedia& local) {
  local_ = local;
  std::string_view sdp = RequestPolicy::SdpBody(*invite_);
  if (sdp.empty()) {
    late_offer_ = true;
    return std::optional<NegotiatedMedia>();
  }
  auto r = negotiator_.Answer(sdp, local);
  if (!r) {
    RejectForSdp(invite_txn_, *invite_, r.error());
    End(LegEndReason::kRejected, SipRejectionFor(r.error()).status_code);
    return r.error();
  }
  answer_sdp_ = r->local_sdp;
  return std::optional<NegotiatedMedia>(std::move(*r));
}

void UasLeg::RejectForSdp(TransactionId txn, const SipMessage& request, const Error& error) {
  SipRejection rej = SipRejectionFor(error);
  auto resp = Response(request, rej.status_code);
  if (rej.warning_code != 0) {
    // RFC 3261 20.43: warn-code SP warn-agent SP warn-text.
    resp->AddHeader(HeaderId::kWarning, std::to_string(rej.warning_code) + " " +
                                            from_.local.IpString() + " \"" + error.message +
                                            "\"");
  }
  if (rej.status_code == 488) resp->AddHeader(HeaderId::kAccept, "application/sdp");
  CHORUS_LOG(kInfo, "sip.sdp_rejected")
      .Kv("call_id", request.call_id())
      .Kv("status", rej.status_code)
      .Kv("reason", error.message);
  ctx_.transactions.Respond(txn, std::move(resp));
}

void UasLeg::Provisional(int code, bool with_sdp) {
  if (state_ != State::kProceeding) return;
  EnsureDialog();
  auto resp = Response(*invite_, code);
  AddCommonHeaders(*resp, true);
  if (with_sdp && !answer_sdp_.empty()) resp->SetBody("application/sdp", answer_sdp_);
  ctx_.transactions.Respond(invite_txn_, std::move(resp));
}

void UasLeg::Accept() {
  if (state_ != State::kProceeding) return;
  if (late_offer_) {
    auto offer = negotiator_.CreateOffer(local_);
    if (!offer) {
      Reject(500, "Server Internal Error (no offer)");
      return;
    }
    answer_sdp_ = *offer;
  }
  EnsureDialog();
  if (!dialog_) {
    Reject(400, "Bad Request (no usable Contact)");
    return;
  }
  ctx_.calls.UnregisterPendingInvite(invite_txn_);
  state_ = State::kAnswered;
  SendFinal2xx(invite_txn_, *invite_, answer_sdp_);
}

void UasLeg::SendFinal2xx(TransactionId txn, const SipMessage& request, const std::string& sdp) {
  auto resp = Response(request, 200);
  AddCommonHeaders(*resp, true);
  if (!sdp.empty()) resp->SetBody("application/sdp", sdp);
  auto copy = resp->Clone();
  CHORUS_CHECK(copy.has_value());
  pending_2xx_ = std::move(*copy);
  pending_2xx_txn_ = txn;
  pending_2xx_cseq_ = request.cseq().number;
  ctx_.transactions.Respond(txn, std::move(resp));
  // RFC 3261 13.3.1.4: retransmit the 2xx from T1, doubling to T2, until
  // the ACK or 64*T1. Over reliable transports too: the 2xx travels
  // end to end and a proxy on the way may use UDP.
  retransmit_interval_ms_ = ctx_.transactions.timer_values().t1_ms;
  retransmit_elapsed_ms_ = 0;
  if (retransmit_timer_ != kNoTimer) ctx_.timers.Cancel(retransmit_timer_);
  retransmit_timer_ = ctx_.timers.Schedule(retransmit_interval_ms_, [this] { Retransmit2xx(); });
}

void UasLeg::Retransmit2xx() {
  retransmit_timer_ = kNoTimer;
  if (!pending_2xx_ || state_ == State::kEnded) return;
  const TimerValues& t = ctx_.transactions.timer_values();
  retransmit_elapsed_ms_ += retransmit_interval_ms_;
  if (retransmit_elapsed_ms_ >= 64 * t.t1_ms) {
    CHORUS_LOG(kInfo, "sip.ack_timeout").Kv("call_id", invite_->call_id());
    pending_2xx_.reset();
    SendBye();
    End(LegEndReason::kAckTimeout, 0);
    return;
  }
  auto copy = pending_2xx_->Clone();
  if (copy) ctx_.transactions.Respond(pending_2xx_txn_, std::move(*copy));
  retransmit_interval_ms_ = std::min(2 * retransmit_interval_ms_, t.t2_ms);
  // The last wait is cut short so the give-up lands exactly on 64*T1.
  retransmit_interval_ms_ = std::min(retransmit_interval_ms_, 64 * t.t1_ms - retransmit_elapsed_ms_);
  retransmit_timer_ = ctx_.timers.Schedule(retransmit_interval_ms_, [this] { Retransmit2xx(); });
}

void UasLeg::Reject(int code, std::string_view reason,
                    const std::vector<std::pair<std::string, std::string>>& headers) {
  if (state_ != State::kProceeding) return;
  auto resp = Response(*invite_, code, reason);
  for (const auto& [name, value] : headers) resp->AddHeader(name, value);
  ctx_.transactions.Respond(invite_txn_, std::move(resp));
  End(LegEndReason::kRejected, code);
}

void UasLeg::Hangup(LegEndReason reason) {
  switch (state_) {
    case State::kProceeding:
      Reject(480, "Temporarily Unavailable");
      return;
    case State::kAnswered:
    case State::kConfirmed:
      SendBye();
      End(reason, 0);
      return;
    case State::kEnded:
      return;
  }
}

std::string UasLeg::ViaValue() const {
  return "SIP/2.0/" + std::string(TransportName(from_.transport)) + " " +
         FormatHostPort(from_.local.IpString(), from_.local.is_v6(), from_.local.port()) +
         ";branch=" + NewBranch() + ";rport";
}

void UasLeg::SendBye() {
  if (!dialog_) return;
  auto bye = dialog_->BuildRequest("BYE", ViaValue());
  // Fire and forget: the transaction retransmits; the leg is over either way.
  ctx_.transactions.SendRequest(std::move(bye), dialog_->NextHop(), ClientHandler{});
}

void UasLeg::End(LegEndReason reason, int status) {
  if (state_ == State::kEnded) return;
  state_ = State::kEnded;
  if (retransmit_timer_ != kNoTimer) ctx_.timers.Cancel(retransmit_timer_);
  retransmit_timer_ = kNoTimer;
  pending_2xx_.reset();
  ctx_.calls.UnregisterPendingInvite(invite_txn_);
  if (dialog_registered_) {
    ctx_.calls.UnregisterDialog(dialog_->id());
    dialog_registered_ = false;
  }
  if (events_.on_ended) events_.on_ended(reason, status);
}

void UasLeg::OnCancel(TransactionId invite_txn) {
  if (invite_txn != invite_txn_ || state_ != State::kProceeding) return;
  ctx_.transactions.Respond(invite_txn_, Response(*invite_, 487));
  End(LegEndReason::kCancelled, 487);
}

void UasLeg::OnAck(const SipMessage& ack, const SipPeer&) {
  if (!pending_2xx_ || ack.cseq().number != pending_2xx_cseq_) return;  // ACK retransmission
  if (retransmit_timer_ != kNoTimer) ctx_.timers.Cancel(retransmit_timer_);
  retransmit_timer_ = kNoTimer;
  pending_2xx_.reset();
  if (negotiator_.offer_pending()) {
    // We offered in the 2xx: the ACK must answer (RFC 3264 4, 3261 13.2.1).
    std::string_view sdp = RequestPolicy::SdpBody(ack);
    auto r = sdp.empty() ? Result<NegotiatedMedia>(MakeError(ErrorCode::kNotFound,
                                                             "ACK without an SDP answer"))
                         : negotiator_.ProcessAnswer(sdp);
    if (!r) {
      negotiator_.AbandonOffer();
      CHORUS_LOG(kInfo, "sip.bad_ack_answer")
          .Kv("call_id", invite_->call_id())
          .Kv("reason", r.error().message);
      if (!negotiator_.current()) {  // nothing to fall back to
        SendBye();
        End(LegEndReason::kLocalBye, 0);
        return;
      }
    } else if (events_.on_media) {
      events_.on_media(*r);
    }
  }
  if (state_ == State::kAnswered) {
    state_ = State::kConfirmed;
    if (events_.on_confirmed) events_.on_confirmed();
  }
}

void UasLeg::OnStrayResponse(const SipMessage&, const SipPeer&) {
  // Responses to our BYE after the leg ended arrive here; nothing to do.
}

void UasLeg::OnInDialogRequest(TransactionId txn, const SipMessage& request, const SipPeer&) {
  if (state_ == State::kEnded || !dialog_) {
    ctx_.transactions.Respond(txn, Response(request, 481));
    return;
  }
  if (!dialog_->AcceptRemoteCSeq(request)) {
    // RFC 3261 12.2.2: out of order.
    ctx_.transactions.Respond(
        txn, Response(request, 500, "Server Internal Error (CSeq out of order)"));
    return;
  }
  switch (request.method()) {
    case Method::kBye:
      OnBye(txn, request);
      return;
    case Method::kInvite:
      OnReInvite(txn, request);
      return;
    case Method::kUpdate:
      OnUpdate(txn, request);
      return;
    case Method::kInfo:
      OnInfo(txn, request);
      return;
    case Method::kOptions: {
      auto resp = Response(request, 200);
      AddCommonHeaders(*resp, false);
      resp->AddHeader(HeaderId::kAccept, "application/sdp");
      ctx_.transactions.Respond(txn, std::move(resp));
      return;
    }
    case Method::kPrack:
      // We never send reliable provisionals (RFC 3262 7.2: no match -> 481).
      ctx_.transactions.Respond(txn, Response(request, 481));
      return;
    default: {
      int code = request.method() == Method::kUnknown ? 501 : 405;
      auto resp = Response(request, code);
      resp->AddHeader(HeaderId::kAllow, ctx_.calls.policy().allow_header());
      ctx_.transactions.Respond(txn, std::move(resp));
      return;
    }
  }
}

void UasLeg::OnBye(TransactionId txn, const SipMessage& request) {
  if (state_ == State::kProceeding) {
    // RFC 3261 15.1.2: BYE on the early dialog ends the INVITE with 487.
    ctx_.transactions.Respond(invite_txn_, Response(*invite_, 487));
  }
  ctx_.transactions.Respond(txn, Response(request, 200));
  End(LegEndReason::kRemoteBye, 0);
}

void UasLeg::OnReInvite(TransactionId txn, const SipMessage& request) {
  if (state_ == State::kProceeding || pending_2xx_) {
    // RFC 3261 14.2: the previous INVITE is not done yet.
    auto resp = Response(request, 500, "Server Internal Error (INVITE pending)");
    resp->AddHeader(HeaderId::kRetryAfter, "1");
    ctx_.transactions.Respond(txn, std::move(resp));
    return;
  }
  if (negotiator_.offer_pending()) {
    ctx_.transactions.Respond(txn, Response(request, 491));  // glare (RFC 3261 14.2)
    return;
  }
  if (auto rejection = ctx_.calls.policy().Check(request)) {
    auto resp = Response(request, rejection->status, rejection->reason);
    for (const auto& [n, v] : rejection->headers) resp->AddHeader(n, v);
    ctx_.transactions.Respond(txn, std::move(resp));
    return;
  }
  dialog_->RefreshTarget(request);
  std::string_view sdp = RequestPolicy::SdpBody(request);
  if (sdp.empty()) {
    // Offerless re-INVITE: we offer in the 2xx, the ACK answers.
    auto offer = negotiator_.CreateOffer(local_);
    if (!offer) {
      ctx_.transactions.Respond(txn, Response(request, 500));
      return;
    }
    SendFinal2xx(txn, request, *offer);
    return;
  }
  auto r = negotiator_.Answer(sdp, local_);
  if (!r) {
    RejectForSdp(txn, request, r.error());  // the old session stays (RFC 3264 8)
    return;
  }
  SendFinal2xx(txn, request, r->local_sdp);
  if (r->remote_changed && events_.on_media) events_.on_media(*r);
}

void UasLeg::OnUpdate(TransactionId txn, const SipMessage& request) {
  dialog_->RefreshTarget(request);
  std::string_view sdp = RequestPolicy::SdpBody(request);
  if (sdp.empty()) {
    auto resp = Response(request, 200);
    AddCommonHeaders(*resp, true);
    ctx_.transactions.Respond(txn, std::move(resp));
    return;
  }
  if (negotiator_.offer_pending()) {
    ctx_.transactions.Respond(txn, Response(request, 491));
    return;
  }
  auto r = negotiator_.Answer(sdp, local_);
  if (!r) {
    RejectForSdp(txn, request, r.error());
    return;
  }
  auto resp = Response(request, 200);
  AddCommonHeaders(*resp, true);
  resp->SetBody("application/sdp", r->local_sdp);
  ctx_.transactions.Respond(txn, std::move(resp));
  if (r->remote_changed && events_.on_media) events_.on_media(*r);
}

void UasLeg::OnInfo(TransactionId txn, const SipMessage& request) {
  if (request.body().empty()) {
    ctx_.transactions.Respond(txn, Response(request, 200));  // keep-alive INFO
    return;
  }
  auto dtmf = media::ParseDtmfInfoBody(request.Value(HeaderId::kContentType), request.body());
  if (!dtmf) {
    auto resp = Response(request, 415);
    resp->AddHeader(HeaderId::kAccept, "application/dtmf-relay, application/dtmf");
    ctx_.transactions.Respond(txn, std::move(resp));
    return;
  }
  ctx_.transactions.Respond(txn, Response(request, 200));
  // No Duration: a typical key press (RFC 4733's default is 100 ms).
  int duration = dtmf->duration_ms ? static_cast<int>(*dtmf->duration_ms) : 100;
  if (events_.on_info_dtmf) events_.on_info_dtmf(dtmf->digit, duration);
}

}  // namespace chorus::b2bua
