#include "b2bua/call/dialog_leg.h"

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
    case LegEndReason::kSessionExpired: return "session_expired";
  }
  return "?";
}

std::string ContactUriFor(const SipPeer& peer) {
  std::string uri = "sip:chorus@" + FormatHostPort(peer.local.IpString(), peer.local.is_v6(),
                                                   peer.local.port());
  if (peer.transport != Transport::kUdp) {
    std::string t(TransportName(peer.transport));
    std::transform(t.begin(), t.end(), t.begin(), [](unsigned char c) { return std::tolower(c); });
    uri += ";transport=" + t;
  }
  return uri;
}

DialogLeg::DialogLeg(const LegContext& ctx, SdpNegotiator negotiator, CommonEvents events)
    : ctx_(ctx),
      negotiator_(std::move(negotiator)),
      events_(std::move(events)),
      local_tag_(RandomToken(6)) {}

DialogLeg::~DialogLeg() {
  StopRetransmit();
  if (dialog_registered_) ctx_.calls.UnregisterDialog(dialog_->id());
}

std::unique_ptr<SipMessage> DialogLeg::Response(const SipMessage& request, int code,
                                                std::string_view reason) const {
  return ctx_.calls.MakeResponse(request, code, reason, local_tag_);
}

void DialogLeg::AddCommonHeaders(SipMessage& response, bool with_contact) const {
  if (with_contact) response.AddHeader(HeaderId::kContact, "<" + contact_uri_ + ">");
  response.AddHeader(HeaderId::kAllow, ctx_.calls.policy().allow_header());
  if (!ctx_.calls.policy().supported_header().empty()) {
    response.AddHeader(HeaderId::kSupported, ctx_.calls.policy().supported_header());
  }
}

void DialogLeg::RegisterDialog(Dialog dialog) {
  if (dialog_registered_) ctx_.calls.UnregisterDialog(dialog_->id());
  dialog_ = std::move(dialog);
  ctx_.calls.RegisterDialog(dialog_->id(), this);
  dialog_registered_ = true;
}

void DialogLeg::RejectForSdp(TransactionId txn, const SipMessage& request, const Error& error) {
  SipRejection rej = SipRejectionFor(error);
  auto resp = Response(request, rej.status_code);
  if (rej.warning_code != 0) {
    // RFC 3261 20.43: warn-code SP warn-agent SP warn-text.
    resp->AddHeader(HeaderId::kWarning, std::to_string(rej.warning_code) + " " +
                                            peer_.local.IpString() + " \"" + error.message +
                                            "\"");
  }
  if (rej.status_code == 488) resp->AddHeader(HeaderId::kAccept, "application/sdp");
  CHORUS_LOG(kInfo, "sip.sdp_rejected")
      .Kv("call_id", request.call_id())
      .Kv("status", rej.status_code)
      .Kv("reason", error.message);
  ctx_.transactions.Respond(txn, std::move(resp));
}

void DialogLeg::SendFinal2xx(TransactionId txn, const SipMessage& request, const std::string& sdp) {
  auto resp = Response(request, 200);
  AddCommonHeaders(*resp, true);
  if (!sdp.empty()) resp->SetBody("application/sdp", sdp);
  auto copy = resp->Clone();
  CHORUS_CHECK(copy.has_value());
  pending_2xx_ = std::move(*copy);
  pending_2xx_txn_ = txn;
  pending_2xx_cseq_ = request.cseq().number;
  pending_2xx_initial_ = InitialInvitePending();
  ctx_.transactions.Respond(txn, std::move(resp));
  // RFC 3261 13.3.1.4: retransmit the 2xx from T1, doubling to T2, until
  // the ACK or 64*T1. Over reliable transports too: the 2xx travels end to
  // end and a proxy on the way may use UDP.
  retransmit_interval_ms_ = ctx_.transactions.timer_values().t1_ms;
  retransmit_elapsed_ms_ = 0;
  if (retransmit_timer_ != kNoTimer) ctx_.timers.Cancel(retransmit_timer_);
  retransmit_timer_ = ctx_.timers.Schedule(retransmit_interval_ms_, [this] { Retransmit2xx(); });
}

void DialogLeg::StopRetransmit() {
  if (retransmit_timer_ != kNoTimer) ctx_.timers.Cancel(retransmit_timer_);
  retransmit_timer_ = kNoTimer;
  pending_2xx_.reset();
}

void DialogLeg::Retransmit2xx() {
  retransmit_timer_ = kNoTimer;
  if (!pending_2xx_ || state_ == LegState::kEnded) return;
  const TimerValues& t = ctx_.transactions.timer_values();
  retransmit_elapsed_ms_ += retransmit_interval_ms_;
  if (retransmit_elapsed_ms_ >= 64 * t.t1_ms) {
    CHORUS_LOG(kInfo, "sip.ack_timeout").Kv("call_id", pending_2xx_->call_id());
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

std::string DialogLeg::ViaValue() const {
  return "SIP/2.0/" + std::string(TransportName(peer_.transport)) + " " +
         FormatHostPort(peer_.local.IpString(), peer_.local.is_v6(), peer_.local.port()) +
         ";branch=" + NewBranch() + ";rport";
}

void DialogLeg::SendBye() {
  if (!dialog_) return;
  auto bye = dialog_->BuildRequest("BYE", ViaValue());
  // Fire and forget: the transaction retransmits; the leg is over either way.
  ctx_.transactions.SendRequest(std::move(bye), dialog_->NextHop(), ClientHandler{});
}

void DialogLeg::SendInfoDtmf(char digit, int duration_ms) {
  if (!dialog_ || state_ == LegState::kEnded) return;
  std::string body = std::string("Signal=") + digit + "\r\nDuration=" +
                     std::to_string(duration_ms) + "\r\n";
  auto info = dialog_->BuildRequest("INFO", ViaValue(), "application/dtmf-relay", body);
  ctx_.transactions.SendRequest(std::move(info), dialog_->NextHop(), ClientHandler{});
}

void DialogLeg::End(LegEndReason reason, int status) {
  if (state_ == LegState::kEnded) return;
  state_ = LegState::kEnded;
  StopRetransmit();
  OnEnding();
  if (dialog_registered_) {
    ctx_.calls.UnregisterDialog(dialog_->id());
    dialog_registered_ = false;
  }
  if (events_.on_ended) events_.on_ended(reason, status);
}

void DialogLeg::OnAck(const SipMessage& ack, const SipPeer&) {
  if (!pending_2xx_ || ack.cseq().number != pending_2xx_cseq_) return;  // retransmitted ACK
  bool initial = pending_2xx_initial_;
  StopRetransmit();
  if (negotiator_.offer_pending()) {
    // We offered in the 2xx: the ACK must answer (RFC 3264 4, 3261 13.2.1).
    std::string_view sdp = RequestPolicy::SdpBody(ack);
    auto r = sdp.empty() ? Result<NegotiatedMedia>(
                               MakeError(ErrorCode::kNotFound, "ACK without an SDP answer"))
                         : negotiator_.ProcessAnswer(sdp);
    if (!r) {
      negotiator_.AbandonOffer();
      CHORUS_LOG(kInfo, "sip.bad_ack_answer")
          .Kv("call_id", ack.call_id())
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
  if (initial) OnInitialAck();
}

void DialogLeg::OnInDialogRequest(TransactionId txn, const SipMessage& request, const SipPeer&) {
  if (state_ == LegState::kEnded || !dialog_) {
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

void DialogLeg::OnBye(TransactionId txn, const SipMessage& request) {
  if (InitialInvitePending()) OnByeWhileInitial();
  ctx_.transactions.Respond(txn, Response(request, 200));
  End(LegEndReason::kRemoteBye, 0);
}

void DialogLeg::OnReInvite(TransactionId txn, const SipMessage& request) {
  if (InitialInvitePending() || pending_2xx_) {
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

void DialogLeg::OnUpdate(TransactionId txn, const SipMessage& request) {
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

void DialogLeg::OnInfo(TransactionId txn, const SipMessage& request) {
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
