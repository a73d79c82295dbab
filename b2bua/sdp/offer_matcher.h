#pragma once

// MatchOfferedAudio: decides whether, and on which terms, we can accept one
// offered m=audio stream (RFC 3264 6.1): transport profile, address family,
// codec by our preference, telephone-event at the codec's clock rate, packet
// time, direction, RTCP, the audio-level extension and SDES SRTP. The
// answering half of SdpNegotiator; pure functions, any thread.

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "b2bua/sdp/negotiated_media.h"
#include "b2bua/sdp/sdp_attributes.h"
#include "b2bua/sdp/sdp_crypto.h"
#include "b2bua/sdp/sdp_negotiator_options.h"
#include "b2bua/sdp/sdp_session.h"
#include "media/base/result.h"

namespace chorus::b2bua {

struct AcceptedOffer {
  // Everything but our SRTP key, local_sdp and remote_changed, which the
  // negotiator fills in.
  NegotiatedMedia media;
  std::optional<SdpExtmap> audio_level;  // the offered extmap line we accept
};

// kUnsupported with a reason naming what we accept when the stream does not
// do; `index` must be an m=audio line of `offer` with a non-zero port.
Result<AcceptedOffer> MatchOfferedAudio(const SdpSession& offer, size_t index,
                                        const SdpNegotiatorOptions& options,
                                        const LocalMedia& local);

// The first a=crypto of `media`, in the offerer's order, that we can use;
// `local_key` is left empty. kUnsupported naming the first line's fault and
// the suites we accept otherwise.
Result<NegotiatedSrtp> PickOfferedCrypto(const SdpMedia& media,
                                         const SdpNegotiatorOptions& options);

// Suites we use, best first: AEAD_AES_128_GCM (when the media layer has it),
// AES_CM_128_HMAC_SHA1_80, AES_CM_128_HMAC_SHA1_32.
std::vector<SrtpSuite> SupportedSrtpSuites(const SdpNegotiatorOptions& options);

}  // namespace chorus::b2bua
