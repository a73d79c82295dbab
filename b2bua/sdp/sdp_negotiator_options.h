#pragma once

// Configuration of SdpNegotiator (per leg, fixed for its life) and the
// per-exchange description of our end of the stream. Filled by the call
// layer from the validated `rtp:`/`codecs:` config; plain values.

#include <string>
#include <vector>

#include "b2bua/sdp/audio_codec.h"
#include "b2bua/sdp/sdp_session.h"
#include "media/base/socket_address.h"
#include "media/rtp/rtp_options.h"

namespace chorus::b2bua {

// The Opus fmtp we write (RFC 7587 6.1): what we ask the peer to send us.
struct OpusReceiveOptions {
  bool useinbandfec = true;
  bool usedtx = false;
  int maxplaybackrate_hz = 48000;  // 8000-48000; written only below 48000
  int maxaveragebitrate_bps = 0;   // 0: not written, else 6000-510000
};

struct SdpNegotiatorOptions {
  std::vector<AudioCodec> codecs = {AudioCodec::kOpus, AudioCodec::kG722, AudioCodec::kPcmu,
                                    AudioCodec::kPcma};
  bool telephone_event = true;  // RFC 4733 DTMF
  int ptime_ms = 20;            // 10-60: what we ask for and send by default
  media::SrtpMode srtp = media::SrtpMode::kOptional;
  bool srtp_gcm = false;    // AEAD_AES_128_GCM usable by the media layer
  bool rtcp_mux = true;     // RFC 5761
  bool audio_level = true;  // RFC 6464 ssrc-audio-level header extension
  OpusReceiveOptions opus;
  std::string session_name = "Chorus";     // s=
  std::string origin_username = "chorus";  // o= username: no spaces
};

// Where our end of the stream is and what we want of it, per offer/answer.
struct LocalMedia {
  SocketAddress rtp;  // our RTP address and port (RTCP on port + 1 without mux)
  // kSendRecv normally; kSendOnly or kInactive to hold the peer.
  SdpDirection direction = SdpDirection::kSendRecv;
};

}  // namespace chorus::b2bua
