#include "b2bua/sdp/stream_terms.h"

#include <algorithm>

#include "b2bua/sdp/sdp_attributes.h"
#include "b2bua/sdp/sdp_text.h"

namespace chorus::b2bua {
namespace {

Result<SocketAddress> IpFromConnection(const SdpConnection& c, uint16_t port,
                                       const SocketAddress& local) {
  auto ip = SocketAddress::FromIp(c.address, port);
  if (!ip) {
    return MakeError(ErrorCode::kUnsupported, "connection address " + Quote(c.address) +
                                                  " is not an IP address (we do not resolve "
                                                  "names)");
  }
  if (ip->is_v6() != c.is_ip6()) {
    return MakeError(ErrorCode::kUnsupported,
                     "connection address " + Quote(c.address) + " is not of type " + c.addr_type);
  }
  if (!c.IsHoldAddress() && ip->is_v6() != local.is_v6()) {
    return MakeError(ErrorCode::kUnsupported, std::string("peer media address is ") +
                                                  (ip->is_v6() ? "IPv6" : "IPv4") + ", ours is " +
                                                  (local.is_v6() ? "IPv6" : "IPv4"));
  }
  return ip;
}

}  // namespace

Result<RemoteTransport> ReadRemoteTransport(const SdpSession& session, const SdpMedia& media,
                                            const SocketAddress& local, bool mux_allowed) {
  const SdpConnection* c = session.EffectiveConnection(media);
  if (c == nullptr) {
    return MakeError(ErrorCode::kUnsupported, "m=" + media.media + " has no connection address");
  }
  RemoteTransport out;
  auto rtp = IpFromConnection(*c, media.port, local);
  if (!rtp) return rtp.error();
  out.rtp = *rtp;
  out.hold_address = c->IsHoldAddress();
  if (mux_allowed && media.HasAttribute("rtcp-mux")) {
    out.rtcp_mux = true;
    out.rtcp = out.rtp;
    return out;
  }
  out.rtcp = out.rtp;
  // RFC 3550 11: RTCP on the next port up; port 0 when there is none.
  out.rtcp.set_port(media.port == 65535 ? 0 : static_cast<uint16_t>(media.port + 1));
  if (auto rtcp = FindRtcp(media)) {
    out.rtcp.set_port(rtcp->port);
    if (rtcp->connection) {
      // A bad address in a=rtcp is the peer's slip: keep c= rather than fail.
      if (auto ip = IpFromConnection(*rtcp->connection, rtcp->port, local)) out.rtcp = *ip;
    }
  }
  return out;
}

std::vector<PeerFormat> ReadPeerFormats(const SdpMedia& media) {
  std::vector<PeerFormat> out;
  out.reserve(media.formats.size());
  for (const std::string& f : media.formats) {
    auto pt = ParsePayloadType(f);
    if (!pt) continue;
    PeerFormat p;
    p.payload_type = *pt;
    std::optional<SdpRtpmap> rtpmap = FindRtpmap(media, *pt);
    p.codec = IdentifyAudioCodec(*pt, rtpmap);
    if (rtpmap && EqualsIgnoreCase(rtpmap->encoding, "telephone-event")) {
      p.telephone_event_hz = rtpmap->clock_rate_hz;
    }
    out.push_back(p);
  }
  return out;
}

OpusSendParams ReadOpusSendParams(const FmtpParams& fmtp) {
  OpusSendParams p;
  p.fec = fmtp.GetInt("useinbandfec").value_or(0) == 1;
  p.dtx = fmtp.GetInt("usedtx").value_or(0) == 1;
  p.cbr = fmtp.GetInt("cbr").value_or(0) == 1;
  p.peer_sends_stereo = fmtp.GetInt("sprop-stereo").value_or(0) == 1;
  // RFC 7587 6.1: out-of-range values are ignored rather than clamped.
  if (auto rate = fmtp.GetInt("maxplaybackrate"); rate && *rate >= 8000 && *rate <= 48000) {
    p.max_playback_rate_hz = static_cast<int>(*rate);
  }
  if (auto bps = fmtp.GetInt("maxaveragebitrate"); bps && *bps >= 6000 && *bps <= 510000) {
    p.max_average_bitrate_bps = static_cast<int>(*bps);
  }
  return p;
}

NegotiatedCodec MakeNegotiatedCodec(AudioCodec codec, int payload_type, const SdpMedia& peer) {
  const AudioCodecInfo& info = GetAudioCodecInfo(codec);
  NegotiatedCodec out;
  out.codec = codec;
  out.name = info.name;
  out.payload_type = payload_type;
  out.clock_rate_hz = info.clock_rate_hz;
  out.channels = 1;
  out.remote_fmtp = FindFmtp(peer, payload_type);
  if (codec == AudioCodec::kOpus) out.opus = ReadOpusSendParams(out.remote_fmtp);
  return out;
}

int ChooseSendPtimeMs(AudioCodec codec, const SdpMedia& peer, int default_ms) {
  int want = FindPtimeMs(peer).value_or(default_ms);
  if (auto max = FindMaxPtimeMs(peer)) want = std::min(want, *max);
  return ClampPtimeMs(codec, want);
}

std::string CodecListText(const std::vector<AudioCodec>& codecs) {
  std::string out;
  for (AudioCodec c : codecs) {
    if (!out.empty()) out += ", ";
    out += AudioCodecSpec(c);
  }
  return out;
}

}  // namespace chorus::b2bua
