#include "b2bua/sdp/offer_matcher.h"

#include "b2bua/sdp/sdp_text.h"
#include "b2bua/sdp/stream_terms.h"

namespace chorus::b2bua {
namespace {

using media::SrtpMode;

Error Unsupported(std::string why) { return MakeError(ErrorCode::kUnsupported, std::move(why)); }

std::string SuiteListText(const SdpNegotiatorOptions& options) {
  std::string out;
  for (SrtpSuite s : SupportedSrtpSuites(options)) {
    if (!out.empty()) out += ", ";
    out += SrtpSuiteName(s);
  }
  return out;
}

std::string ProtoListText(SrtpMode mode) {
  switch (mode) {
    case SrtpMode::kOff:
      return "RTP/AVP, RTP/AVPF";
    case SrtpMode::kOptional:
      return "RTP/AVP, RTP/AVPF, RTP/SAVP, RTP/SAVPF";
    case SrtpMode::kRequired:
      return "RTP/SAVP, RTP/SAVPF (or RTP/AVP with a=crypto)";
  }
  return "RTP/AVP";
}

// Picks our SRTP terms per the mode (see SdpNegotiator's header). nullopt
// means plain RTP.
Result<std::optional<NegotiatedSrtp>> SrtpTerms(const SdpMedia& m,
                                                const SdpNegotiatorOptions& options) {
  const bool secure = m.IsSecureRtp();
  if (secure && options.srtp == SrtpMode::kOff) {
    return Unsupported("SRTP (" + m.proto + ") is disabled here; we accept " +
                       ProtoListText(SrtpMode::kOff));
  }
  if (!secure && options.srtp == SrtpMode::kOff) return std::optional<NegotiatedSrtp>();
  if (!secure && !m.HasAttribute("crypto")) {
    if (options.srtp == SrtpMode::kRequired) {
      return Unsupported("SRTP is required here; we accept RTP/SAVP or RTP/AVP with a=crypto (" +
                         SuiteListText(options) + ")");
    }
    return std::optional<NegotiatedSrtp>();
  }
  auto picked = PickOfferedCrypto(m, options);
  if (picked) return std::optional<NegotiatedSrtp>(std::move(*picked));
  // Best-effort SRTP in an RTP/AVP offer falls back to plain when optional.
  if (!secure && options.srtp == SrtpMode::kOptional) return std::optional<NegotiatedSrtp>();
  return picked.error();
}

}  // namespace

std::vector<SrtpSuite> SupportedSrtpSuites(const SdpNegotiatorOptions& options) {
  std::vector<SrtpSuite> out;
  if (options.srtp_gcm) out.push_back(SrtpSuite::kAeadAes128Gcm);
  out.push_back(SrtpSuite::kAesCm128HmacSha1_80);
  out.push_back(SrtpSuite::kAesCm128HmacSha1_32);
  return out;
}

Result<NegotiatedSrtp> PickOfferedCrypto(const SdpMedia& media,
                                         const SdpNegotiatorOptions& options) {
  std::string first_fault;
  size_t seen = 0;
  for (const SdpAttribute& a : media.attributes) {
    if (!a.has_value || !EqualsIgnoreCase(a.name, "crypto")) continue;
    ++seen;
    auto crypto = ParseCrypto(a.value);
    if (!crypto) {
      if (first_fault.empty()) first_fault = crypto.error().message;
      continue;
    }
    std::optional<SrtpSuite> suite = ParseSrtpSuite(crypto->suite);
    if (!suite || (*suite == SrtpSuite::kAeadAes128Gcm && !options.srtp_gcm)) {
      if (first_fault.empty()) {
        first_fault = "a=crypto tag " + std::to_string(crypto->tag) + ": suite " +
                      Quote(crypto->suite) + " not supported";
      }
      continue;
    }
    auto key = AcceptableCryptoKey(*crypto, *suite);
    if (!key) {
      if (first_fault.empty()) first_fault = key.error().message;
      continue;
    }
    NegotiatedSrtp out;
    out.suite = *suite;
    out.tag = static_cast<int>(crypto->tag);
    out.remote_key = std::move(*key);
    return out;
  }
  std::string why =
      seen == 0 ? "no a=crypto line" : "no acceptable a=crypto line (" + first_fault + ")";
  return Unsupported(why + "; we accept " + SuiteListText(options) + " with one inline key");
}

Result<AcceptedOffer> MatchOfferedAudio(const SdpSession& offer, size_t index,
                                        const SdpNegotiatorOptions& options,
                                        const LocalMedia& local) {
  const SdpMedia& m = offer.media[index];
  const std::string where = "m=audio #" + std::to_string(index + 1) + ": ";
  bool known_proto = m.IsSecureRtp() || EqualsIgnoreCase(m.proto, "RTP/AVP") ||
                     EqualsIgnoreCase(m.proto, "RTP/AVPF");
  if (!known_proto) {
    return Unsupported(where + "transport " + Quote(m.proto) + " is not supported; we accept " +
                       ProtoListText(options.srtp));
  }
  auto transport = ReadRemoteTransport(offer, m, local.rtp, options.rtcp_mux);
  if (!transport) return Unsupported(where + transport.error().message);

  std::vector<PeerFormat> formats = ReadPeerFormats(m);
  const PeerFormat* chosen = nullptr;
  for (AudioCodec want : options.codecs) {
    for (const PeerFormat& f : formats) {
      if (f.codec == want) {
        chosen = &f;
        break;
      }
    }
    if (chosen != nullptr) break;
  }
  if (chosen == nullptr) {
    return Unsupported(where + "no common codec; we accept " + CodecListText(options.codecs));
  }
  auto srtp = SrtpTerms(m, options);
  if (!srtp) return Unsupported(where + srtp.error().message);

  AcceptedOffer out;
  NegotiatedMedia& n = out.media;
  n.codec = MakeNegotiatedCodec(*chosen->codec, chosen->payload_type, m);
  n.receive_codecs = {n.codec};
  if (options.telephone_event) {
    int rate = GetAudioCodecInfo(*chosen->codec).telephone_event_hz;
    for (const PeerFormat& f : formats) {
      if (f.telephone_event_hz == rate) {
        n.telephone_event = NegotiatedTelephoneEvent{f.payload_type, rate};
        break;
      }
    }
  }
  n.ptime_ms = ChooseSendPtimeMs(*chosen->codec, m, options.ptime_ms);
  // RFC 3264 6.1, with c=0.0.0.0 read as "the offerer does not receive".
  SdpDirection offered = offer.EffectiveDirection(m);
  if (transport->hold_address) offered = IntersectDirections(offered, SdpDirection::kSendOnly);
  n.direction = IntersectDirections(ReverseDirection(offered), local.direction);
  n.remote_rtp = transport->rtp;
  n.remote_rtcp = transport->rtcp;
  n.rtcp_mux = transport->rtcp_mux;
  if (options.audio_level) {
    for (SdpExtmap& e : FindExtmaps(m)) {
      if (EqualsIgnoreCase(e.uri, kAudioLevelUri) && e.id <= 14) {
        n.audio_level_extension_id = e.id;
        out.audio_level = std::move(e);
        break;
      }
    }
  }
  n.srtp = std::move(*srtp);
  n.media_index = index;
  return out;
}

}  // namespace chorus::b2bua
