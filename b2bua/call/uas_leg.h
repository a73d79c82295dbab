#pragma once

// UasLeg: the callee side of one INVITE dialog that Chorus answers itself
// (echo, conference, IVR; the caller's leg of a bridge). Negotiates SDP
// with the leg's own SdpNegotiator (offer in the INVITE, or in our 200 and
// answered in the ACK), sends provisional and final responses, retransmits
// its 2xx until the ACK (RFC 3261 13.3.1.4) and hangs up with BYE when the
// ACK never comes, and handles what arrives in the dialog: BYE, re-INVITE
// and UPDATE (hold/resume, codec or address change, RFC 3311), INFO DTMF
// (application/dtmf-relay, application/dtmf), OPTIONS. CANCEL before the
// answer ends it with 487.
//
// Owned by its call object; reports to it through Events. After on_ended
// the leg sends nothing more and the owner may destroy it (not from inside
// the callback: on a later loop turn). Signalling thread only.

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "b2bua/call/leg_context.h"
#include "b2bua/call/media_control.h"
#include "b2bua/sdp/sdp_negotiator.h"
#include "b2bua/sip/dialog/dialog.h"

namespace chorus::b2bua {

enum class LegEndReason {
  kRemoteBye,   // the peer sent BYE
  kLocalBye,    // we sent BYE (Hangup, or the owner ended the call)
  kCancelled,   // CANCEL before our final response
  kRejected,    // we answered the INVITE with a failure
  kAckTimeout,  // our 2xx was never ACKed
  kMediaTimeout,
};

const char* LegEndReasonName(LegEndReason r);

class UasLeg final : public DialogUser {
 public:
  enum class State { kProceeding, kAnswered, kConfirmed, kEnded };

  struct Events {
    // The session settled or changed (ACK with the answer to our late
    // offer, re-INVITE, UPDATE): the owner (re)configures media.
    std::function<void(const NegotiatedMedia&)> on_media;
    // A DTMF digit in a SIP INFO.
    std::function<void(char digit, int duration_ms)> on_info_dtmf;
    // The ACK arrived: the call is up.
    std::function<void()> on_confirmed;
    // The leg is over; `status` is the final status we sent (rejections).
    std::function<void(LegEndReason reason, int status)> on_ended;
  };

  UasLeg(const LegContext& ctx, TransactionId invite_txn, const SipMessage& invite,
         const SipPeer& from, SdpNegotiator negotiator, Events events);
  ~UasLeg() override;
  UasLeg(const UasLeg&) = delete;
  UasLeg& operator=(const UasLeg&) = delete;

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
  // Ends the leg from our side: BYE once answered, 487 before.
  void Hangup(LegEndReason reason = LegEndReason::kLocalBye);

  State state() const { return state_; }
  const std::optional<NegotiatedMedia>& media() const { return negotiator_.current(); }
  const SipMessage& invite() const { return *invite_; }
  const std::optional<Dialog>& dialog() const { return dialog_; }

  // DialogUser
  void OnInDialogRequest(TransactionId txn, const SipMessage& request,
                         const SipPeer& from) override;
  void OnAck(const SipMessage& ack, const SipPeer& from) override;
  void OnCancel(TransactionId invite_txn) override;
  void OnStrayResponse(const SipMessage& response, const SipPeer& from) override;

 private:
  std::unique_ptr<SipMessage> Response(const SipMessage& request, int code,
                                       std::string_view reason = {}) const;
  void AddCommonHeaders(SipMessage& response, bool with_contact) const;
  void EnsureDialog();
  void SendFinal2xx(TransactionId txn, const SipMessage& request, const std::string& sdp);
  void Retransmit2xx();
  void OnReInvite(TransactionId txn, const SipMessage& request);
  void OnUpdate(TransactionId txn, const SipMessage& request);
  void OnInfo(TransactionId txn, const SipMessage& request);
  void OnBye(TransactionId txn, const SipMessage& request);
  void RejectForSdp(TransactionId txn, const SipMessage& request, const Error& error);
  void SendBye();
  void End(LegEndReason reason, int status);
  std::string ViaValue() const;

  LegContext ctx_;
  TransactionId invite_txn_;
  std::unique_ptr<SipMessage> invite_;
  SipPeer from_;
  SdpNegotiator negotiator_;
  Events events_;
  State state_ = State::kProceeding;
  std::string local_tag_;
  std::string contact_uri_;
  std::optional<Dialog> dialog_;
  bool dialog_registered_ = false;
  LocalMedia local_;
  std::string answer_sdp_;   // our SDP in the 200 (answer or late offer)
  bool late_offer_ = false;  // we offered in a 2xx: the ACK carries the answer
  // The 2xx being retransmitted until its ACK (initial INVITE or re-INVITE).
  std::unique_ptr<SipMessage> pending_2xx_;
  TransactionId pending_2xx_txn_ = kNoTransaction;
  uint32_t pending_2xx_cseq_ = 0;
  int64_t retransmit_interval_ms_ = 0;
  int64_t retransmit_elapsed_ms_ = 0;
  TimerId retransmit_timer_ = kNoTimer;
};

}  // namespace chorus::b2bua
