#pragma once

// Readers that turn one peer m= section (an offer's or an answer's) into the
// terms NegotiatedMedia carries: where to send RTP and RTCP, which of our
// codecs its payload types carry, the packet time to send at, and the Opus
// parameters it asks for. Shared by the answering and answer-checking halves
// of SdpNegotiator. Pure functions, any thread.

#include <optional>
#include <string>
#include <vector>

#include "b2bua/sdp/audio_codec.h"
#include "b2bua/sdp/negotiated_media.h"
#include "b2bua/sdp/sdp_session.h"
#include "media/base/result.h"
#include "media/base/socket_address.h"

namespace chorus::b2bua {

struct RemoteTransport {
  SocketAddress rtp;
  SocketAddress rtcp;
  bool rtcp_mux = false;
  bool hold_address = false;  // c=0.0.0.0 (or ::): the peer does not receive
};

// Address and ports from the effective c=, the m= port, a=rtcp-mux (taken
// when `mux_allowed`) and a=rtcp (RFC 3605; else RTP port + 1). kUnsupported
// when the address is a host name or of another family than `local` (a hold
// address is fine whatever its family).
Result<RemoteTransport> ReadRemoteTransport(const SdpSession& session, const SdpMedia& media,
                                            const SocketAddress& local, bool mux_allowed);

// One payload type of a peer m= line, identified against our tables.
struct PeerFormat {
  int payload_type = 0;
  std::optional<AudioCodec> codec;
  int telephone_event_hz = 0;  // clock rate when it is telephone-event
};
std::vector<PeerFormat> ReadPeerFormats(const SdpMedia& media);

// The codec as NegotiatedCodec, with the peer's fmtp for the payload type.
NegotiatedCodec MakeNegotiatedCodec(AudioCodec codec, int payload_type, const SdpMedia& peer);
OpusSendParams ReadOpusSendParams(const FmtpParams& fmtp);

// The peer's a=ptime (what it wants to receive), else `default_ms`, capped by
// its a=maxptime, clamped to what the codec can do.
int ChooseSendPtimeMs(AudioCodec codec, const SdpMedia& peer, int default_ms);

// "opus/48000/2, G722/8000, PCMU/8000, PCMA/8000".
std::string CodecListText(const std::vector<AudioCodec>& codecs);

}  // namespace chorus::b2bua
