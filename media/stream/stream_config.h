#pragma once

// StreamConfig: everything a media worker needs to run one RTP stream (one
// call leg's audio), in media terms only: sockets, peer addresses, codecs
// and payload types, RFC 4733 events, SRTP keys, direction, and what the
// stream's decoded audio is for (AudioMode). Built on the signalling thread
// from whatever was negotiated; MediaStream::Create turns it into a stream.
// Plain data (the sockets make StreamConfig move-only); any thread.
//
// StreamMediaConfig is the copyable part: the same settings without the
// stream id and the sockets, which is also what a re-negotiation
// (UpdateStream) changes.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "media/base/result.h"
#include "media/base/socket_address.h"
#include "media/codec/codec_info.h"
#include "media/codec/opus_options.h"
#include "media/net/udp_socket.h"
#include "media/rtp/rtp_options.h"
#include "media/srtp/sdes_key.h"
#include "media/srtp/srtp_suite.h"

namespace chorus::media {

// Where the audio a stream decodes goes, and where the audio it sends comes
// from. Each tick the stream yields one decoded 20 ms frame at the worker's
// internal rate and takes one to send; the mode routes them.
enum class AudioMode : uint8_t {
  kEcho,        // the frame received is the frame sent back, on the same tick
  kConference,  // to and from a conference room's mixer (not yet supported)
  kBridge,      // to and from the other leg of a bridged call (not yet supported)
  kIvr,         // prompts out, DTMF and recordings in (not yet supported)
};

std::string_view AudioModeName(AudioMode mode);

struct StreamDirection {
  bool send = true;     // we send RTP (false: on hold, recvonly or inactive)
  bool receive = true;  // we play what arrives (false: sendonly or inactive)
  bool operator==(const StreamDirection&) const = default;
};

// The codec we send with.
struct SendCodecConfig {
  CodecId codec = CodecId::kPcmu;
  uint8_t payload_type = 0;  // 0..127
  uint32_t ptime_ms = 20;    // one of GetCodecInfo(codec).frame_ms
  OpusEncoderOptions opus;   // read only for kOpus
};
bool operator==(const SendCodecConfig& a, const SendCodecConfig& b);

// One payload type the peer may send us.
struct ReceiveCodecConfig {
  uint8_t payload_type = 0;  // 0..127
  CodecId codec = CodecId::kPcmu;
  bool operator==(const ReceiveCodecConfig&) const = default;
};

// RFC 4733 telephone-event payload type and its RTP clock.
struct TelephoneEventConfig {
  uint8_t payload_type = 101;
  uint32_t clock_rate_hz = 8000;
  bool operator==(const TelephoneEventConfig&) const = default;
};

// SDES-keyed SRTP (RFC 4568): one suite, a key for each direction.
struct SrtpConfig {
  SrtpSuite suite = SrtpSuite::kAesCm128HmacSha1_80;
  SdesKeyParams inbound;   // the peer's key: unprotects what it sends
  SdesKeyParams outbound;  // our key: protects what we send
};
bool operator==(const SrtpConfig& a, const SrtpConfig& b);

struct StreamMediaConfig {
  // Where to send RTP and RTCP. An unspecified address, 0.0.0.0 / :: or
  // port 0 means there is nowhere to send yet (no answer, or held by
  // address). With rtcp_mux, remote_rtcp is ignored.
  SocketAddress remote_rtp;
  SocketAddress remote_rtcp;
  bool rtcp_mux = false;  // RFC 5761: RTCP shares the RTP socket both ways
  LatchingMode latching = LatchingMode::kSymmetric;
  // Consecutive packets from a new source before symmetric latching moves.
  uint32_t relatch_packets = 10;

  SendCodecConfig send_codec;
  // Every payload type the peer may send (at least one); switching between
  // them mid-stream is fine.
  std::vector<ReceiveCodecConfig> receive_codecs;
  std::optional<TelephoneEventConfig> receive_telephone_event;
  // Must share the send codec's RTP clock (RFC 4733 2.1: one timestamp
  // clock per stream).
  std::optional<TelephoneEventConfig> send_telephone_event;

  StreamDirection direction;
  std::optional<SrtpConfig> srtp;  // nullopt: plain RTP/RTCP
  // RFC 6464 audio level via RFC 8285 one-byte header extension: the
  // negotiated local id 1..14; 0 = not negotiated.
  uint8_t audio_level_extension_id = 0;
  // No RTP for this long while receiving is expected raises RtpTimeout;
  // 0 disables it.
  int64_t media_timeout_ms = 30'000;
  // Run the in-band DTMF tone detector on the decoded audio (enable when
  // no telephone-event was negotiated).
  bool inband_dtmf_detection = false;
  AudioMode mode = AudioMode::kEcho;
  // RTCP SDES CNAME; empty: "chorus-<stream id>".
  std::string cname;
};

// Checks the settings on their own (no sockets). Messages name the field.
Result<void> ValidateStreamMediaConfig(const StreamMediaConfig& media);

struct StreamConfig {
  uint64_t stream_id = 0;
  UdpSocket rtp_socket;
  UdpSocket rtcp_socket;  // needed unless media.rtcp_mux
  StreamMediaConfig media;
};

// ValidateStreamMediaConfig plus the sockets.
Result<void> ValidateStreamConfig(const StreamConfig& config);

// True when `address` is somewhere to send to (see StreamMediaConfig).
bool IsSendableAddress(const SocketAddress& address);

}  // namespace chorus::media
