#pragma once

// EngineMediaControl: MediaControl over the media engine. Turns what an SDP
// exchange settled (NegotiatedMedia) into the media layer's stream settings
// (StreamMediaConfig) and routes the engine's per-stream events (DTMF, RTP
// timeout) to the handlers of the call that owns the stream. Owned by the
// wiring next to the engine; signalling thread only.

#include <unordered_map>

#include "b2bua/call/media_control.h"
#include "media/rtp/rtp_options.h"
#include "media/worker/media_engine.h"

namespace chorus::b2bua {

// NegotiatedMedia -> StreamMediaConfig (exposed for tests).
media::StreamMediaConfig ToStreamMediaConfig(const NegotiatedMedia& media,
                                             const MediaStartOptions& options,
                                             const media::RtpOptions& rtp);

class EngineMediaControl final : public MediaControl {
 public:
  EngineMediaControl(media::MediaEngine& engine, const media::RtpOptions& rtp);

  Result<MediaSlot> Reserve() override;
  Result<void> Start(MediaSlotId slot, const NegotiatedMedia& media,
                     const MediaStartOptions& options, MediaHandlers handlers) override;
  Result<void> Update(MediaSlotId slot, const NegotiatedMedia& media) override;
  Result<void> SendDigits(MediaSlotId slot, std::string_view digits) override;
  void Release(MediaSlotId slot) override;
  bool gcm_supported() const override;

  // The engine's event handler forwards here.
  void OnEvent(const media::MediaEvent& event);

 private:
  struct Slot {
    MediaStartOptions options;
    MediaHandlers handlers;
  };
  media::MediaEngine& engine_;
  media::RtpOptions rtp_;
  std::unordered_map<MediaSlotId, Slot> slots_;
};

}  // namespace chorus::b2bua
