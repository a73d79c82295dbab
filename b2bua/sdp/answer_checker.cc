#include "b2bua/sdp/answer_checker.h"

#include "b2bua/sdp/sdp_attributes.h"
#include "b2bua/sdp/sdp_text.h"
#include "b2bua/sdp/stream_terms.h"

namespace chorus::b2bua {
namespace {

Error Invalid(std::string why) {
  return MakeError(ErrorCode::kInvalidArgument, "invalid SDP answer: " + std::move(why));
}

// RFC 4568 7.1.3 (offerer's processing of the answer): one a=crypto whose
// tag, and suite, are from our offer.
Result<std::optional<NegotiatedSrtp>> ReadSrtp(const OfferedAudio& offer, const SdpMedia& m,
                                               const SdpNegotiatorOptions& options) {
  const SdpAttribute* a = m.FindAttribute("crypto");
  if (a == nullptr || !a->has_value) {
    if (m.IsSecureRtp()) return Invalid(m.proto + " without an a=crypto line");
    if (!offer.cryptos.empty() && options.srtp == media::SrtpMode::kRequired) {
      return Invalid("no a=crypto line, and SRTP is required");
    }
    return std::optional<NegotiatedSrtp>();
  }
  if (offer.cryptos.empty()) {
    if (m.IsSecureRtp()) return Invalid(m.proto + " to an offer without a=crypto");
    return std::optional<NegotiatedSrtp>();  // we did not ask: ignore it
  }
  auto crypto = ParseCrypto(a->value);
  if (!crypto) return Invalid(crypto.error().message);
  const OfferedAudio::Crypto* ours = nullptr;
  for (const OfferedAudio::Crypto& c : offer.cryptos) {
    if (c.tag == crypto->tag) ours = &c;
  }
  if (ours == nullptr) {
    return Invalid("a=crypto tag " + std::to_string(crypto->tag) + " was not in our offer");
  }
  std::optional<SrtpSuite> suite = ParseSrtpSuite(crypto->suite);
  if (suite != ours->suite) {
    return Invalid("a=crypto tag " + std::to_string(crypto->tag) + " names suite " +
                   Quote(crypto->suite) + ", our offer had " + SrtpSuiteName(ours->suite));
  }
  auto key = AcceptableCryptoKey(*crypto, *suite);
  if (!key) return Invalid(key.error().message);
  return std::optional<NegotiatedSrtp>(
      NegotiatedSrtp{*suite, static_cast<int>(crypto->tag), std::move(*key), ours->local_key});
}

}  // namespace

Result<NegotiatedMedia> CheckAnswer(const OfferedAudio& offer, const SdpSession& answer,
                                    const SdpNegotiatorOptions& options) {
  if (answer.media.size() != 1) {
    return Invalid("it has " + std::to_string(answer.media.size()) +
                   " m= lines, our offer had 1 (RFC 3264 6)");
  }
  const SdpMedia& m = answer.media[0];
  if (!EqualsIgnoreCase(m.media, "audio")) {
    return Invalid("m=" + m.media + " answers our m=audio");
  }
  if (m.port == 0) return MakeError(ErrorCode::kUnsupported, "the peer rejected our audio stream");
  if (!m.IsSecureRtp() && !EqualsIgnoreCase(m.proto, "RTP/AVP") &&
      !EqualsIgnoreCase(m.proto, "RTP/AVPF")) {
    return Invalid("transport " + Quote(m.proto) + " does not answer our RTP offer");
  }
  auto transport = ReadRemoteTransport(answer, m, offer.local, offer.rtcp_mux);
  if (!transport) return MakeError(ErrorCode::kUnsupported, transport.error().message);

  NegotiatedMedia n;
  std::vector<OfferedAudio::Event> events;
  for (const std::string& f : m.formats) {
    std::optional<int> pt = ParsePayloadType(f);
    if (!pt) return Invalid("format " + Quote(f) + " is not a payload type");
    const OfferedAudio::Codec* codec = nullptr;
    for (const OfferedAudio::Codec& c : offer.codecs) {
      if (c.payload_type == *pt) codec = &c;
    }
    const OfferedAudio::Event* event = nullptr;
    for (const OfferedAudio::Event& e : offer.events) {
      if (e.payload_type == *pt) event = &e;
    }
    std::optional<SdpRtpmap> rtpmap = FindRtpmap(m, *pt);
    if (codec != nullptr) {
      // RFC 3264 6.1 lets the answerer renumber; we require our numbers and
      // check that an rtpmap, if given, agrees with ours.
      if (rtpmap && IdentifyAudioCodec(*pt, rtpmap) != codec->codec) {
        return Invalid("payload type " + std::to_string(*pt) + " is " +
                       Quote(FormatRtpmap(*rtpmap)) + " in the answer, " +
                       AudioCodecSpec(codec->codec) + " in our offer");
      }
      n.receive_codecs.push_back(MakeNegotiatedCodec(codec->codec, *pt, m));
    } else if (event != nullptr) {
      if (rtpmap && (!EqualsIgnoreCase(rtpmap->encoding, "telephone-event") ||
                     rtpmap->clock_rate_hz != event->clock_rate_hz)) {
        return Invalid("payload type " + std::to_string(*pt) + " is telephone-event/" +
                       std::to_string(event->clock_rate_hz) + " in our offer, " +
                       Quote(FormatRtpmap(*rtpmap)) + " in the answer");
      }
      events.push_back(*event);
    } else {
      return Invalid("payload type " + std::to_string(*pt) + " was not in our offer");
    }
  }
  if (n.receive_codecs.empty()) return Invalid("it lists none of the codecs we offered");
  n.codec = n.receive_codecs.front();
  int event_rate = GetAudioCodecInfo(n.codec.codec).telephone_event_hz;
  for (const OfferedAudio::Event& e : events) {
    if (e.clock_rate_hz == event_rate) {
      n.telephone_event = NegotiatedTelephoneEvent{e.payload_type, e.clock_rate_hz};
      break;
    }
  }
  n.ptime_ms = ChooseSendPtimeMs(n.codec.codec, m, options.ptime_ms);
  SdpDirection answered = answer.EffectiveDirection(m);
  if (transport->hold_address) answered = IntersectDirections(answered, SdpDirection::kSendOnly);
  n.direction = IntersectDirections(offer.direction, ReverseDirection(answered));
  n.remote_rtp = transport->rtp;
  n.remote_rtcp = transport->rtcp;
  n.rtcp_mux = transport->rtcp_mux;
  if (offer.audio_level_id) {
    for (const SdpExtmap& e : FindExtmaps(m)) {
      if (EqualsIgnoreCase(e.uri, kAudioLevelUri) && e.id <= 14) {
        n.audio_level_extension_id = e.id;
        break;
      }
    }
  }
  auto srtp = ReadSrtp(offer, m, options);
  if (!srtp) return srtp.error();
  n.srtp = std::move(*srtp);
  n.media_index = 0;
  return n;
}

}  // namespace chorus::b2bua
