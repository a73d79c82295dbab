#pragma once

// MediaCall: a call Chorus answers itself with one UAS leg and one media
// stream (echo now; conference and IVR build on it). Reserves ports,
// negotiates the INVITE's SDP for them, starts the stream in the right
// mode, answers, follows re-INVITEs, hangs up on media timeout, and tears
// everything down when the leg ends. Owned by a MediaCallFactory;
// signalling thread only.

#include <functional>
#include <memory>
#include <string>

#include "b2bua/call/call_manager.h"
#include "b2bua/call/leg_context.h"
#include "b2bua/call/media_control.h"
#include "b2bua/call/uas_leg.h"
#include "b2bua/sdp/sdp_negotiator_options.h"

namespace chorus::b2bua {

class MediaCall {
 public:
  struct Options {
    MediaMode mode = MediaMode::kEcho;
    uint64_t affinity_key = 0;
    SdpNegotiatorOptions sdp;
  };
  using DoneFn = std::function<void(MediaCall*)>;

  MediaCall(const LegContext& ctx, MediaControl& media, const Options& options, uint64_t id,
            DoneFn done);
  ~MediaCall();
  MediaCall(const MediaCall&) = delete;
  MediaCall& operator=(const MediaCall&) = delete;

  // Takes the INVITE; answers it (or rejects it) before returning, except
  // that the media stream runs on a worker from here on.
  void Start(TransactionId txn, const SipMessage& invite, const SipPeer& from);
  void Hangup();

  uint64_t id() const { return id_; }
  const UasLeg* leg() const { return leg_.get(); }

 private:
  void OnMedia(const NegotiatedMedia& media);
  void OnEnded(LegEndReason reason, int status);
  void OnDtmf(char digit, int duration_ms, DtmfSource source);

  LegContext ctx_;
  MediaControl& media_;
  Options options_;
  uint64_t id_;
  DoneFn done_;
  std::unique_ptr<UasLeg> leg_;
  MediaSlotId slot_ = 0;
  bool media_started_ = false;
  bool ended_ = false;
  std::string call_id_;
};

// Creates a MediaCall for every INVITE routed to its action.
class MediaCallFactory final : public CallFactory {
 public:
  MediaCallFactory(const LegContext& ctx, MediaControl& media, MediaCall::Options options);
  ~MediaCallFactory() override;

  void OnInvite(TransactionId txn, const SipMessage& invite, const SipPeer& from,
                const RouteMatch& route) override;
  size_t active() const { return calls_.size(); }
  // Ends every call (shutdown).
  void HangupAll();

 private:
  void Done(MediaCall* call);

  LegContext ctx_;
  MediaControl& media_;
  MediaCall::Options options_;
  uint64_t next_id_ = 0;
  std::unordered_map<uint64_t, std::unique_ptr<MediaCall>> calls_;
  std::vector<uint64_t> finished_;
  TimerId reap_timer_ = kNoTimer;
};

}  // namespace chorus::b2bua
