#pragma once

// DialogLeg: what both kinds of call leg do once a dialog exists, whoever
// sent the INVITE (RFC 3261 12-15): answer re-INVITEs and UPDATEs with the
// leg's own SdpNegotiator (hold/resume, codec or address change, RFC 3311),
// retransmit the 2xx of an INVITE we answered until its ACK (13.3.1.4),
// take INFO DTMF, OPTIONS, BYE, keep the CSeq order (12.2.2), and send BYE.
// UasLeg (we answered the INVITE) and UacLeg (we sent it) add the initial
// INVITE. Owned by its call; reports through callbacks; after on_ended it
// sends nothing more. Signalling thread only.

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
  kCancelled,   // CANCEL before the final response
  kRejected,    // the INVITE got a failure (ours or theirs)
  kAckTimeout,  // our 2xx was never ACKed
  kMediaTimeout,
  kSessionExpired,  // RFC 4028 session timer ran out
};

const char* LegEndReasonName(LegEndReason r);

enum class LegState { kInitial, kEarly, kAnswered, kConfirmed, kEnded };

class DialogLeg : public DialogUser {
 public:
  struct CommonEvents {
    // The session settled or changed: the owner (re)configures media.
    std::function<void(const NegotiatedMedia&)> on_media;
    // A DTMF digit in a SIP INFO.
    std::function<void(char digit, int duration_ms)> on_info_dtmf;
    // The leg is over; `status` is the final status of a failed INVITE.
    std::function<void(LegEndReason reason, int status)> on_ended;
  };

  ~DialogLeg() override;
  DialogLeg(const DialogLeg&) = delete;
  DialogLeg& operator=(const DialogLeg&) = delete;

  LegState state() const { return state_; }
  const std::optional<NegotiatedMedia>& media() const { return negotiator_.current(); }
  const std::optional<Dialog>& dialog() const { return dialog_; }
  const LocalMedia& local_media() const { return local_; }
  // Sends an INFO with an application/dtmf-relay body (RFC 4733 peers get
  // RTP events from the media side instead).
  void SendInfoDtmf(char digit, int duration_ms);

  // DialogUser (in-dialog traffic is common; the rest is per kind).
  void OnInDialogRequest(TransactionId txn, const SipMessage& request,
                         const SipPeer& from) override;
  void OnAck(const SipMessage& ack, const SipPeer& from) override;

 protected:
  DialogLeg(const LegContext& ctx, SdpNegotiator negotiator, CommonEvents events);

  // ---- hooks for the two kinds ----
  // The initial INVITE is still unanswered (a re-INVITE then gets 500).
  virtual bool InitialInvitePending() const = 0;
  // BYE arrived before our final response (UAS: 487 the INVITE).
  virtual void OnByeWhileInitial() {}
  // The ACK of the initial INVITE's 2xx arrived (UAS).
  virtual void OnInitialAck() {}
  // End() is running: unregister what the kind registered.
  virtual void OnEnding() {}

  std::unique_ptr<SipMessage> Response(const SipMessage& request, int code,
                                       std::string_view reason = {}) const;
  void AddCommonHeaders(SipMessage& response, bool with_contact) const;
  void RejectForSdp(TransactionId txn, const SipMessage& request, const Error& error);
  // Sends a 2xx to an INVITE and retransmits it until the ACK.
  void SendFinal2xx(TransactionId txn, const SipMessage& request, const std::string& sdp);
  void RegisterDialog(Dialog dialog);
  // Via value with a fresh branch for a request on this leg.
  std::string ViaValue() const;
  void SendBye();
  void End(LegEndReason reason, int status);
  void StopRetransmit();

  LegContext ctx_;
  SdpNegotiator negotiator_;
  CommonEvents events_;
  LegState state_ = LegState::kInitial;
  std::string local_tag_;
  std::string contact_uri_;
  // The peer of the dialog and our socket (SipPeer::local) for Via/Contact.
  SipPeer peer_;
  std::optional<Dialog> dialog_;
  bool dialog_registered_ = false;
  LocalMedia local_;

 private:
  void Retransmit2xx();
  void OnBye(TransactionId txn, const SipMessage& request);
  void OnReInvite(TransactionId txn, const SipMessage& request);
  void OnUpdate(TransactionId txn, const SipMessage& request);
  void OnInfo(TransactionId txn, const SipMessage& request);

  // The 2xx being retransmitted until its ACK.
  std::unique_ptr<SipMessage> pending_2xx_;
  TransactionId pending_2xx_txn_ = kNoTransaction;
  uint32_t pending_2xx_cseq_ = 0;
  bool pending_2xx_initial_ = false;
  int64_t retransmit_interval_ms_ = 0;
  int64_t retransmit_elapsed_ms_ = 0;
  TimerId retransmit_timer_ = kNoTimer;
};

// "sip:chorus@host:port" (+ ";transport=tcp") for our Contact.
std::string ContactUriFor(const SipPeer& peer);

}  // namespace chorus::b2bua
