#include "b2bua/call/uas_leg.h"

#include "b2bua/call/request_policy.h"
#include "media/base/log.h"

namespace chorus::b2bua {

UasLeg::UasLeg(const LegContext& ctx, TransactionId invite_txn, const SipMessage& invite,
               const SipPeer& from, SdpNegotiator negotiator, Events events)
    : DialogLeg(ctx, std::move(negotiator), static_cast<CommonEvents&>(events)),
      invite_txn_(invite_txn),
      on_confirmed_(std::move(events.on_confirmed)) {
  auto clone = invite.Clone();
  CHORUS_CHECK(clone.has_value());
  invite_ = std::move(*clone);
  peer_ = from;
  contact_uri_ = ContactUriFor(from);
  ctx_.calls.RegisterPendingInvite(invite_txn_, this);
}

UasLeg::~UasLeg() { ctx_.calls.UnregisterPendingInvite(invite_txn_); }

void UasLeg::OnEnding() { ctx_.calls.UnregisterPendingInvite(invite_txn_); }

void UasLeg::EnsureDialog() {
  if (dialog_) return;
  auto d = Dialog::CreateUas(*invite_, local_tag_, contact_uri_, peer_);
  if (!d) {
    CHORUS_LOG(kWarn, "sip.dialog_failed")
        .Kv("call_id", invite_->call_id())
        .Kv("reason", d.error().message);
    return;
  }
  RegisterDialog(std::move(*d));
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

void UasLeg::Provisional(int code, bool with_sdp) {
  if (state_ != LegState::kInitial) return;
  EnsureDialog();
  auto resp = Response(*invite_, code);
  AddCommonHeaders(*resp, true);
  if (with_sdp && !answer_sdp_.empty()) resp->SetBody("application/sdp", answer_sdp_);
  ctx_.transactions.Respond(invite_txn_, std::move(resp));
}

void UasLeg::Accept() {
  if (state_ != LegState::kInitial) return;
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
  SendFinal2xx(invite_txn_, *invite_, answer_sdp_);
  state_ = LegState::kAnswered;
}

void UasLeg::Reject(int code, std::string_view reason,
                    const std::vector<std::pair<std::string, std::string>>& headers) {
  if (state_ != LegState::kInitial) return;
  auto resp = Response(*invite_, code, reason);
  for (const auto& [name, value] : headers) resp->AddHeader(name, value);
  ctx_.transactions.Respond(invite_txn_, std::move(resp));
  End(LegEndReason::kRejected, code);
}

void UasLeg::Hangup(LegEndReason reason, int unanswered_code) {
  switch (state_) {
    case LegState::kInitial:
    case LegState::kEarly:
      Reject(unanswered_code);
      return;
    case LegState::kAnswered:
    case LegState::kConfirmed:
      SendBye();
      End(reason, 0);
      return;
    case LegState::kEnded:
      return;
  }
}

void UasLeg::OnCancel(TransactionId invite_txn) {
  if (invite_txn != invite_txn_ || state_ != LegState::kInitial) return;
  ctx_.transactions.Respond(invite_txn_, Response(*invite_, 487));
  End(LegEndReason::kCancelled, 487);
}

void UasLeg::OnByeWhileInitial() {
  // RFC 3261 15.1.2: BYE on the early dialog ends the INVITE with 487.
  ctx_.transactions.Respond(invite_txn_, Response(*invite_, 487));
}

void UasLeg::OnInitialAck() {
  if (state_ != LegState::kAnswered) return;
  state_ = LegState::kConfirmed;
  if (on_confirmed_) on_confirmed_();
}

void UasLeg::OnStrayResponse(const SipMessage&, const SipPeer&) {
  // Responses to our BYE after the leg ended arrive here; nothing to do.
}

}  // namespace chorus::b2bua
