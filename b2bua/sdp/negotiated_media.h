#pragma once

// NegotiatedMedia: what one successful offer/answer exchange on a call leg
// settled, in the terms the media engine needs. Produced by SdpNegotiator
// (signalling thread); a plain value the call layer copies into the message
// that sets up or updates the leg's media stream.

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "b2bua/sdp/audio_codec.h"
#include "b2bua/sdp/sdp_attributes.h"
#include "b2bua/sdp/sdp_crypto.h"
#include "b2bua/sdp/sdp_session.h"
#include "media/base/socket_address.h"

namespace chorus::b2bua {

// What the peer's Opus fmtp (RFC 7587 6.1) asks of the stream we send.
struct OpusSendParams {
  bool fec = false;                  // useinbandfec=1: the peer's decoder uses in-band FEC
  bool dtx = false;                  // usedtx=1: the peer prefers we send DTX
  bool cbr = false;                  // cbr=1: the peer prefers constant bit rate
  int max_playback_rate_hz = 48000;  // encode no wider than this (8000-48000)
  int max_average_bitrate_bps = 0;   // 0: no cap given (else 6000-510000)
  bool peer_sends_stereo = false;    // sprop-stereo=1; we decode to mono anyway

  bool operator==(const OpusSendParams&) const = default;
};

struct NegotiatedCodec {
  AudioCodec codec = AudioCodec::kPcmu;
  std::string name;  // "opus", "G722", "PCMU", "PCMA"
  int payload_type = 0;
  int clock_rate_hz = 8000;  // RTP clock rate
  // Channels we encode. Always 1: Chorus sends mono, even for Opus whose
  // rtpmap says /2 (RFC 7587 7: the /2 is signalling only).
  int channels = 1;
  FmtpParams remote_fmtp;  // the peer's a=fmtp for this payload type, as given
  OpusSendParams opus;     // derived from remote_fmtp when codec == kOpus

  bool operator==(const NegotiatedCodec&) const = default;
};

struct NegotiatedTelephoneEvent {
  int payload_type = 101;
  int clock_rate_hz = 8000;

  bool operator==(const NegotiatedTelephoneEvent&) const = default;
};

struct NegotiatedSrtp {
  SrtpSuite suite = SrtpSuite::kAesCm128HmacSha1_80;
  int tag = 1;
  SrtpKey remote_key;  // protects what the peer sends: our unprotect (inbound) key
  SrtpKey local_key;   // protects what we send: our protect (outbound) key

  bool operator==(const NegotiatedSrtp&) const = default;
};

struct NegotiatedMedia {
  // The codec we send with. `receive_codecs` lists every codec the peer may
  // send us (the chosen one first): one when we answered, possibly more when
  // the peer's answer to our offer listed several.
  NegotiatedCodec codec;
  std::vector<NegotiatedCodec> receive_codecs;
  std::optional<NegotiatedTelephoneEvent> telephone_event;
  int ptime_ms = 20;                                 // packet time we send at
  SdpDirection direction = SdpDirection::kSendRecv;  // ours: kSendOnly = we only send
  // Where to send. On hold by c=0.0.0.0 the address is 0.0.0.0 and
  // `direction` does not send.
  SocketAddress remote_rtp;
  bool rtcp_mux = false;                        // RFC 5761: RTCP shares the RTP port both ways
  SocketAddress remote_rtcp;                    // == remote_rtp when rtcp_mux
  std::optional<int> audio_level_extension_id;  // RFC 6464 via RFC 8285, 1-14
  std::optional<NegotiatedSrtp> srtp;           // nullopt: plain RTP
  size_t media_index = 0;                       // which m= line of the session carries this stream
  // Our SDP of this exchange: the answer we produced, or the offer the peer
  // just answered.
  std::string local_sdp;
  // False when the peer's SDP repeated the previous version byte for byte
  // (RFC 3264 8: same o= version, same session): nothing to reconfigure on
  // its account.
  bool remote_changed = true;

  bool operator==(const NegotiatedMedia&) const = default;
};

}  // namespace chorus::b2bua
