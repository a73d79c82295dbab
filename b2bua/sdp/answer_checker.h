#pragma once

// CheckAnswer: validates a peer's answer against the offer we made (RFC 3264
// 6 and 7) and reads the negotiated terms out of it. The offerer's half of
// SdpNegotiator; pure function, any thread.

#include <cstdint>
#include <optional>
#include <vector>

#include "b2bua/sdp/audio_codec.h"
#include "b2bua/sdp/negotiated_media.h"
#include "b2bua/sdp/sdp_crypto.h"
#include "b2bua/sdp/sdp_negotiator_options.h"
#include "b2bua/sdp/sdp_session.h"
#include "media/base/result.h"
#include "media/base/socket_address.h"

namespace chorus::b2bua {

// What our offer proposed: one m=audio line.
struct OfferedAudio {
  struct Codec {
    int payload_type;
    AudioCodec codec;
  };
  struct Event {
    int payload_type;
    int clock_rate_hz;
  };
  struct Crypto {
    uint32_t tag;
    SrtpSuite suite;
    SrtpKey local_key;
  };
  std::vector<Codec> codecs;
  std::vector<Event> events;
  std::vector<Crypto> cryptos;
  std::optional<int> audio_level_id;
  bool rtcp_mux = false;
  SdpDirection direction = SdpDirection::kSendRecv;
  SocketAddress local;
};

// Errors: kUnsupported when the peer rejected the stream (port 0) or its
// address is unusable; kInvalidArgument, prefixed "invalid SDP answer:",
// when the answer breaks the offer's terms (m= line count, payload types or
// crypto tags we did not offer, an RTP/SAVP answer without a key, no key
// when SRTP is required). `local_sdp` and `remote_changed` are left for the
// caller.
Result<NegotiatedMedia> CheckAnswer(const OfferedAudio& offer, const SdpSession& answer,
                                    const SdpNegotiatorOptions& options);

}  // namespace chorus::b2bua
