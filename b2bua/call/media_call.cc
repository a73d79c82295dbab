#include "b2bua/call/media_call.h"

#include "media/base/log.h"

namespace chorus::b2bua {

MediaCall::MediaCall(const LegContext& ctx, MediaControl& media, const Options& options,
                     uint64_t id, DoneFn done)
    : ctx_(ctx), media_(media), options_(options), id_(id), done_(std::move(done)) {}

MediaCall::~MediaCall() {
  if (slot_ != 0) media_.Release(slot_);
}

void MediaCall::Start(TransactionId txn, const SipMessage& invite, const SipPeer& from) {
  call_id_ = std::string(invite.call_id());
  ctx_.calls.CallStarted();
  SdpNegotiatorOptions sdp = options_.sdp;
  sdp.srtp_gcm = sdp.srtp_gcm && media_.gcm_supported();
  auto negotiator = SdpNegotiator::Create(sdp);
  if (!negotiator) {
    CHORUS_LOG(kError, "call.sdp_options").Kv("reason", negotiator.error().message);
    ctx_.calls.Reply(txn, invite, 500);
    OnEnded(LegEndReason::kRejected, 500);
    return;
  }
  UasLeg::Events events;
  events.on_media = [this](const NegotiatedMedia& m) { OnMedia(m); };
  events.on_info_dtmf = [this](char d, int ms) { OnDtmf(d, ms, DtmfSource::kSipInfo); };
  events.on_ended = [this](LegEndReason r, int s) { OnEnded(r, s); };
  leg_ = std::make_unique<UasLeg>(ctx_, txn, invite, from, std::move(*negotiator),
                                  std::move(events));

  auto slot = media_.Reserve();
  if (!slot) {
    CHORUS_LOG(kWarn, "call.no_media_ports").Kv("call_id", call_id_).Kv("reason",
                                                                        slot.error().message);
    leg_->Reject(503, "Service Unavailable (no media ports)", {{"Retry-After", "5"}});
    return;
  }
  slot_ = slot->id;
  auto negotiated = leg_->Negotiate(LocalMedia{slot->local_rtp});
  if (!negotiated) return;  // rejected; OnEnded ran
  if (*negotiated) OnMedia(**negotiated);
  if (ended_) return;
  leg_->Accept();
  CHORUS_LOG(kDebug, "call.answered").Kv("call_id", call_id_).Kv("call", id_);
}

void MediaCall::OnMedia(const NegotiatedMedia& media) {
  if (ended_ || slot_ == 0) return;
  Result<void> r = Ok();
  if (!media_started_) {
    MediaStartOptions opts;
    opts.mode = options_.mode;
    opts.affinity_key = options_.affinity_key;
    opts.inband_dtmf = !media.telephone_event.has_value();
    MediaHandlers handlers;
    handlers.on_dtmf = [this](char d, int ms, DtmfSource s) { OnDtmf(d, ms, s); };
    handlers.on_timeout = [this] {
      CHORUS_LOG(kInfo, "call.media_timeout").Kv("call_id", call_id_);
      if (leg_) leg_->Hangup(LegEndReason::kMediaTimeout);
    };
    r = media_.Start(slot_, media, opts, std::move(handlers));
    media_started_ = static_cast<bool>(r);
    if (media_started_) {
      CHORUS_LOG(kInfo, "call.media")
          .Kv("call_id", call_id_)
          .Kv("codec", media.codec.name)
          .Kv("ptime_ms", media.ptime_ms)
          .Kv("srtp", media.srtp ? SrtpSuiteName(media.srtp->suite) : "none")
          .Kv("remote", media.remote_rtp.ToString());
    }
  } else {
    r = media_.Update(slot_, media);
  }
  if (!r) {
    CHORUS_LOG(kError, "call.media_failed").Kv("call_id", call_id_).Kv("reason",
                                                                       r.error().message);
    if (leg_->state() == LegState::kInitial) {
      leg_->Reject(500, "Server Internal Error (media)");
    } else {
      leg_->Hangup();
    }
  }
}

void MediaCall::OnDtmf(char digit, int duration_ms, DtmfSource source) {
  CHORUS_LOG(kInfo, "call.dtmf")
      .Kv("call_id", call_id_)
      .Kv("digit", std::string(1, digit))
      .Kv("duration_ms", duration_ms)
      .Kv("source", DtmfSourceName(source));
}

void MediaCall::Hangup() {
  if (leg_) leg_->Hangup();
}

void MediaCall::OnEnded(LegEndReason reason, int status) {
  if (ended_) return;
  ended_ = true;
  CHORUS_LOG(kInfo, "call.ended")
      .Kv("call_id", call_id_)
      .Kv("reason", LegEndReasonName(reason))
      .Kv("status", status);
  if (slot_ != 0) {
    media_.Release(slot_);
    slot_ = 0;
  }
  ctx_.calls.CallEnded();
  if (done_) done_(this);
}

MediaCallFactory::MediaCallFactory(const LegContext& ctx, MediaControl& media,
                                   MediaCall::Options options)
    : ctx_(ctx), media_(media), options_(std::move(options)) {}

MediaCallFactory::~MediaCallFactory() {
  if (reap_timer_ != kNoTimer) ctx_.timers.Cancel(reap_timer_);
  calls_.clear();
}

void MediaCallFactory::OnInvite(TransactionId txn, const SipMessage& invite, const SipPeer& from,
                                const RouteMatch&) {
  uint64_t id = ++next_id_;
  auto call = std::make_unique<MediaCall>(ctx_, media_, options_, id,
                                          [this](MediaCall* c) { Done(c); });
  MediaCall* raw = call.get();
  calls_.emplace(id, std::move(call));
  raw->Start(txn, invite, from);
}

void MediaCallFactory::Done(MediaCall* call) {
  // Destroyed on a later loop turn: we are inside the call's own callback.
  finished_.push_back(call->id());
  if (reap_timer_ == kNoTimer) {
    reap_timer_ = ctx_.timers.Schedule(0, [this] {
      reap_timer_ = kNoTimer;
      std::vector<uint64_t> ids;
      ids.swap(finished_);
      for (uint64_t id : ids) calls_.erase(id);
    });
  }
}

void MediaCallFactory::HangupAll() {
  std::vector<MediaCall*> all;
  for (auto& [id, call] : calls_) all.push_back(call.get());
  for (MediaCall* c : all) c->Hangup();
}

}  // namespace chorus::b2bua
