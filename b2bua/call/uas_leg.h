#pragma once

// UasLeg: the callee side of an INVITE dialog Chorus answers itself (echo,
// conference, IVR; the caller's leg of a bridge). On top of DialogLeg:
// negotiates the INVITE's SDP (offer in the INVITE, or ours in the 200
// answered by the ACK), sends provisional and final responses, and ends
// with 487 on CANCEL. Owned by its call; signalling thread only.

#include "b2bua/call/dialog_leg.h"

namespace chorus::b2bua {

class UasLeg final : public DialogLeg {
 public:
  struct Events : CommonEvents {
    // The ACK of our 2xx arrived: the call is up.
    std::function<void()> on_confirmed;
  };

  UasLeg(const LegContext& ctx, TransactionId invite_txn, const SipMessage& invite,
         const SipPeer& from, SdpNegotiator negotiator, Events events);
  ~UasLeg() override;

  // Answers the INVITE's offer for our media at `local`. Returns nullopt
  // when the INVITE has no SDP (we offer in the 200 and the ACK answers).
  // On failure the INVITE is already rejected (400 / 488 with Warning).
  Result<std::optional<NegotiatedMedia>> Negotiate(const LocalMedia& local);
  // 180 / 183 (with our SDP for early media when `with_sdp`).
  void Provisional(int code, bool with_sdp = false);
  // 200 OK with our answer (or offer).
  void Accept();
  void Reject(int code, std::string_view reason = {},
              const std::vector<std::pair<std::string, std::string>>& headers = {});
  // Ends the leg from our side: BYE once answered, `unanswered_code` before.
  void Hangup(LegEndReason reason = LegEndReason::kLocalBye, int unanswered_code = 480);

  const SipMessage& invite() const { return *invite_; }
  TransactionId invite_txn() const { return invite_txn_; }

  // DialogUser
  void OnCancel(TransactionId invite_txn) override;
  void OnStrayResponse(const SipMessage& response, const SipPeer& from) override;

 private:
  bool InitialInvitePending() const override { return state_ == LegState::kInitial; }
  void OnByeWhileInitial() override;
  void OnInitialAck() override;
  void OnEnding() override;
  void EnsureDialog();

  TransactionId invite_txn_;
  std::unique_ptr<SipMessage> invite_;
  std::function<void()> on_confirmed_;
  std::string answer_sdp_;   // our SDP in the 200 (answer or late offer)
  bool late_offer_ = false;  // we offer in the 2xx: the ACK carries the answer
};

}  // namespace chorus::b2bua
