#pragma once

// MediaControl: how the call layer drives media without knowing threads.
// The wiring implements it over the media engine (ports, workers); unit
// tests use a fake. Every method is called on the signalling thread and
// every handler is called there too.

#include <cstdint>
#include <functional>
#include <string_view>

#include "b2bua/sdp/negotiated_media.h"
#include "media/dtmf/dtmf_digit.h"
#include "media/base/result.h"
#include "media/base/socket_address.h"

namespace chorus::b2bua {

enum class MediaMode { kEcho, kConference, kBridge, kIvr };

using MediaSlotId = uint64_t;

struct MediaSlot {
  MediaSlotId id = 0;
  SocketAddress local_rtp;  // what our SDP advertises
};

// Where a digit came from (the media layer's list: RFC 4733, in-band, SIP INFO).
using DtmfSource = media::DtmfSource;
const char* DtmfSourceName(DtmfSource s);

struct MediaHandlers {
  // One key press, whichever way it came (deduplicated by the media side).
  std::function<void(char digit, int duration_ms, DtmfSource source)> on_dtmf;
  // No RTP for the configured timeout while we expected some.
  std::function<void()> on_timeout;
};

struct MediaStartOptions {
  MediaMode mode = MediaMode::kEcho;
  // Detect DTMF tones in the audio (callers without telephone-event).
  bool inband_dtmf = false;
  // Streams with the same key share a worker (both legs of a bridge, a room).
  uint64_t affinity_key = 0;
};

class MediaControl {
 public:
  virtual ~MediaControl() = default;
  // Reserves local ports for one stream. kExhausted when none are left.
  virtual Result<MediaSlot> Reserve() = 0;
  // Starts (or, when started, reconfigures) the stream of `slot` with what
  // the SDP exchange settled.
  virtual Result<void> Start(MediaSlotId slot, const NegotiatedMedia& media,
                             const MediaStartOptions& options, MediaHandlers handlers) = 0;
  virtual Result<void> Update(MediaSlotId slot, const NegotiatedMedia& media) = 0;
  // Sends RFC 4733 digits (or nothing when the peer has no telephone-event).
  virtual Result<void> SendDigits(MediaSlotId slot, std::string_view digits) = 0;
  // Stops the stream and gives the ports back once the worker let go.
  virtual void Release(MediaSlotId slot) = 0;
  // Whether SRTP AEAD_AES_128_GCM is available.
  virtual bool gcm_supported() const = 0;
};

}  // namespace chorus::b2bua
