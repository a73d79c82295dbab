#include "b2bua/sdp/sdp_negotiator.h"

#include <openssl/rand.h>

#include <algorithm>

#include "b2bua/sdp/offer_matcher.h"
#include "b2bua/sdp/sdp_builder.h"
#include "b2bua/sdp/sdp_parser.h"
#include "b2bua/sdp/sdp_text.h"
#include "b2bua/sdp/stream_terms.h"

namespace chorus::b2bua {
namespace {

using media::SrtpMode;

constexpr int kFirstDynamicPt = 96;  // RFC 3551 6
constexpr int kLastDynamicPt = 127;

Error BadOption(std::string what) {
  return MakeError(ErrorCode::kInvalidArgument, "sdp options: " + std::move(what));
}

bool IsPrintableToken(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7F) return false;
  }
  return true;
}

std::string Binding(std::string_view encoding, int clock_rate_hz) {
  std::string out(encoding);
  for (char& c : out) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  return out + "/" + std::to_string(clock_rate_hz);
}

void AddAttribute(SdpMedia& m, std::string name, std::string value) {
  m.attributes.push_back(SdpAttribute{std::move(name), std::move(value), true});
}

void AddFlag(SdpMedia& m, std::string name) {
  m.attributes.push_back(SdpAttribute{std::move(name), "", false});
}

// RFC 7587 6.1 parameters; defaults (FEC off, DTX off, 48 kHz, no bitrate
// cap, mono) are left unsaid.
std::string OpusFmtp(const OpusReceiveOptions& o) {
  std::string out;
  auto add = [&out](const std::string& item) {
    if (!out.empty()) out.push_back(';');
    out += item;
  };
  if (o.useinbandfec) add("useinbandfec=1");
  if (o.usedtx) add("usedtx=1");
  if (o.maxplaybackrate_hz < 48000) add("maxplaybackrate=" + std::to_string(o.maxplaybackrate_hz));
  if (o.maxaveragebitrate_bps != 0) {
    add("maxaveragebitrate=" + std::to_string(o.maxaveragebitrate_bps));
  }
  return out;
}

void AddCodecAttributes(SdpMedia& m, AudioCodec codec, int pt, const OpusReceiveOptions& opus) {
  const AudioCodecInfo& info = GetAudioCodecInfo(codec);
  AddAttribute(m, "rtpmap",
               FormatRtpmap(SdpRtpmap{pt, info.name, info.clock_rate_hz, info.rtpmap_channels}));
  if (codec == AudioCodec::kOpus) {
    std::string fmtp = OpusFmtp(opus);
    if (!fmtp.empty()) AddAttribute(m, "fmtp", std::to_string(pt) + " " + fmtp);
  }
}

// RFC 4733 7.1.1: we take the DTMF events 0-15.
void AddEventAttributes(SdpMedia& m, int pt, int clock_rate_hz) {
  AddAttribute(m, "rtpmap", FormatRtpmap(SdpRtpmap{pt, "telephone-event", clock_rate_hz, 0}));
  AddAttribute(m, "fmtp", std::to_string(pt) + " 0-15");
}

}  // namespace

SipRejection SipRejectionFor(const Error& error) {
  switch (error.code) {
    case ErrorCode::kParse:
      return {400, 399};
    case ErrorCode::kUnsupported:
      return {488, 305};
    case ErrorCode::kNotFound:
      return {488, 304};
    case ErrorCode::kUnavailable:
      return {491, 0};
    case ErrorCode::kInvalidArgument:
      return {488, 399};
    default:
      return {500, 0};
  }
}

Result<void> SdpNegotiator::Validate(const SdpNegotiatorOptions& o) {
  if (o.codecs.empty()) return BadOption("codecs: the list is empty");
  for (size_t i = 0; i < o.codecs.size(); ++i) {
    if (std::count(o.codecs.begin(), o.codecs.begin() + i, o.codecs[i]) != 0) {
      return BadOption(std::string("codecs: ") + GetAudioCodecInfo(o.codecs[i]).name +
                       " is listed twice");
    }
  }
  if (o.ptime_ms < 10 || o.ptime_ms > 60) return BadOption("ptime_ms: must be 10-60");
  if (!IsPrintableToken(o.origin_username)) {
    return BadOption("origin_username: must be non-empty, without spaces or control characters");
  }
  for (char c : o.session_name) {
    if (c == '\r' || c == '\n' || c == '\0') {
      return BadOption("session_name: must not contain CR, LF or NUL");
    }
  }
  if (o.opus.maxplaybackrate_hz < 8000 || o.opus.maxplaybackrate_hz > 48000) {
    return BadOption("opus.maxplaybackrate_hz: must be 8000-48000");
  }
  if (o.opus.maxaveragebitrate_bps != 0 &&
      (o.opus.maxaveragebitrate_bps < 6000 || o.opus.maxaveragebitrate_bps > 510000)) {
    return BadOption("opus.maxaveragebitrate_bps: must be 0 or 6000-510000");
  }
  return Ok();
}

Result<SdpNegotiator> SdpNegotiator::Create(SdpNegotiatorOptions options) {
  uint64_t id = 0;
  if (RAND_bytes(reinterpret_cast<unsigned char*>(&id), sizeof(id)) != 1) {
    return MakeError(ErrorCode::kInternal, "RAND_bytes failed generating an SDP session id");
  }
  // 62 bits keep it clear of signed 64-bit readers; never 0.
  id = (id & 0x3FFF'FFFF'FFFF'FFFFull) | 1;
  return CreateForTest(std::move(options), id);
}

Result<SdpNegotiator> SdpNegotiator::CreateForTest(SdpNegotiatorOptions options,
                                                   uint64_t session_id) {
  if (auto r = Validate(options); !r) return r.error();
  return SdpNegotiator(std::move(options), session_id);
}

SdpNegotiator::SdpNegotiator(SdpNegotiatorOptions options, uint64_t session_id)
    : options_(std::move(options)), session_id_(session_id) {}

Result<void> SdpNegotiator::CheckLocal(const LocalMedia& local) const {
  if (!local.rtp.valid() || local.rtp.port() == 0) {
    return MakeError(ErrorCode::kInvalidArgument, "local RTP address and port are not set");
  }
  return Ok();
}

Result<const SrtpKey*> SdpNegotiator::LocalKey(SrtpSuite suite) {
  std::optional<SrtpKey>& slot = local_keys_[static_cast<size_t>(suite)];
  if (!slot) {
    auto key = GenerateSrtpKey(suite);
    if (!key) return key.error();
    slot = std::move(*key);
  }
  return &*slot;
}

SdpSession SdpNegotiator::SessionSkeleton(const SocketAddress& local) const {
  SdpSession s;
  std::string ip = local.IpString();
  std::string type = local.is_v6() ? "IP6" : "IP4";
  s.origin = SdpOrigin{options_.origin_username, std::to_string(session_id_), "0", "IN", type, ip};
  s.name = options_.session_name.empty() ? "-" : options_.session_name;
  s.connection = SdpConnection{"IN", type, ip, ""};
  s.timings = {SdpTiming{}};
  return s;
}

std::string SdpNegotiator::Finalize(SdpSession& s) {
  // Compare with the version blanked: only content changes count.
  s.origin.session_version = "0";
  if (last_local_ && !(*last_local_ == s)) ++version_;
  last_local_ = s;
  s.origin.session_version = std::to_string(version_);
  return BuildSdp(s);
}

bool SdpNegotiator::SameAsLastRemote(const SdpSession& remote, std::string_view text) const {
  return last_remote_origin_ && last_remote_origin_->SameSession(remote.origin) &&
         last_remote_origin_->session_version == remote.origin.session_version &&
         last_remote_text_ == text;
}

void SdpNegotiator::RememberRemote(const SdpSession& remote, std::string_view text) {
  last_remote_origin_ = remote.origin;
  last_remote_text_ = std::string(text);
}

int SdpNegotiator::PayloadTypeFor(std::string_view binding, int default_pt,
                                  std::vector<int>& used) const {
  auto taken = [&used](int pt) { return std::find(used.begin(), used.end(), pt) != used.end(); };
  int pt = -1;
  for (const auto& [bound_pt, bound] : bound_pts_) {
    if (bound == binding && !taken(bound_pt)) {
      pt = bound_pt;
      break;
    }
  }
  auto free = [&](int candidate) { return !taken(candidate) && !bound_pts_.contains(candidate); };
  if (pt < 0 && free(default_pt)) pt = default_pt;
  for (int candidate = kFirstDynamicPt; pt < 0 && candidate <= kLastDynamicPt; ++candidate) {
    if (free(candidate)) pt = candidate;
  }
  // 32 dynamic numbers and at most three dynamic formats per offer.
  CHORUS_CHECK(pt >= 0);
  used.push_back(pt);
  return pt;
}

void SdpNegotiator::BindPayloadType(int pt, std::string binding) {
  // RFC 3264 8.3.2: a dynamic number keeps its codec for the whole session.
  if (pt >= kFirstDynamicPt && pt <= kLastDynamicPt) bound_pts_[pt] = std::move(binding);
}

Result<NegotiatedMedia> SdpNegotiator::Answer(std::string_view text, const LocalMedia& local) {
  if (pending_) {
    return MakeError(ErrorCode::kUnavailable,
                     "an offer of ours is still pending (glare, RFC 3261 14.2)");
  }
  if (auto r = CheckLocal(local); !r) return r.error();
  auto offer = ParseSdp(text);
  if (!offer) return MakeError(ErrorCode::kParse, "malformed SDP offer: " + offer.error().message);

  std::optional<AcceptedOffer> accepted;
  std::optional<Error> first_error;
  for (size_t i = 0; i < offer->media.size() && !accepted; ++i) {
    const SdpMedia& m = offer->media[i];
    if (!EqualsIgnoreCase(m.media, "audio") || m.port == 0) continue;
    auto r = MatchOfferedAudio(*offer, i, options_, local);
    if (r) {
      accepted = std::move(*r);
    } else if (!first_error) {
      first_error = r.error();
    }
  }
  if (!accepted) {
    if (first_error) return *first_error;
    return MakeError(ErrorCode::kNotFound, "no audio stream offered; we accept m=audio with " +
                                               CodecListText(options_.codecs));
  }
  NegotiatedMedia& n = accepted->media;
  if (n.srtp) {
    auto key = LocalKey(n.srtp->suite);
    if (!key) return key.error();
    n.srtp->local_key = **key;
  }
  SdpSession answer = SessionSkeleton(local.rtp);
  answer.timings = offer->timings;  // RFC 3264 6: the answer's t= equals the offer's
  for (size_t i = 0; i < offer->media.size(); ++i) {
    const SdpMedia& m = offer->media[i];
    if (i == n.media_index) {
      answer.media.push_back(BuildAnswerMedia(m, n, local, accepted->audio_level));
      continue;
    }
    // RFC 3264 6: rejected streams keep their formats, port 0.
    SdpMedia rejected;
    rejected.media = m.media;
    rejected.proto = m.proto;
    rejected.formats = m.formats;
    answer.media.push_back(std::move(rejected));
  }
  n.remote_changed = !SameAsLastRemote(*offer, text);
  n.local_sdp = Finalize(answer);
  BindPayloadType(n.codec.payload_type,
                  Binding(n.codec.name, GetAudioCodecInfo(n.codec.codec).clock_rate_hz));
  if (n.telephone_event) {
    BindPayloadType(n.telephone_event->payload_type,
                    Binding("telephone-event", n.telephone_event->clock_rate_hz));
  }
  RememberRemote(*offer, text);
  current_ = n;
  return std::move(n);
}

SdpMedia SdpNegotiator::BuildAnswerMedia(const SdpMedia& offered, const NegotiatedMedia& n,
                                         const LocalMedia& local,
                                         const std::optional<SdpExtmap>& offered_level) {
  SdpMedia m;
  m.media = offered.media;
  m.port = local.rtp.port();
  m.proto = offered.proto;
  m.formats.push_back(std::to_string(n.codec.payload_type));
  AddCodecAttributes(m, n.codec.codec, n.codec.payload_type, options_.opus);
  if (n.telephone_event) {
    m.formats.push_back(std::to_string(n.telephone_event->payload_type));
    AddEventAttributes(m, n.telephone_event->payload_type, n.telephone_event->clock_rate_hz);
  }
  AddAttribute(m, "ptime", std::to_string(ClampPtimeMs(n.codec.codec, options_.ptime_ms)));
  AddFlag(m, SdpDirectionName(n.direction));
  if (n.rtcp_mux) AddFlag(m, "rtcp-mux");
  if (offered_level) {
    // RFC 8285 6: an offered direction is answered from our side.
    SdpExtmap e{offered_level->id, std::nullopt, std::string(kAudioLevelUri), ""};
    if (offered_level->direction) e.direction = ReverseDirection(*offered_level->direction);
    AddAttribute(m, "extmap", FormatExtmap(e));
  }
  if (n.srtp) {
    SdpCrypto c{static_cast<uint32_t>(n.srtp->tag),
                SrtpSuiteName(n.srtp->suite),
                {InlineKey(n.srtp->local_key)},
                {}};
    AddAttribute(m, "crypto", FormatCrypto(c));
  }
  return m;
}

Result<std::string> SdpNegotiator::CreateOffer(const LocalMedia& local) {
  if (pending_) return MakeError(ErrorCode::kUnavailable, "an offer of ours is already pending");
  if (auto r = CheckLocal(local); !r) return r.error();
  PendingOffer pending;
  OfferedAudio& p = pending.audio;
  p.direction = local.direction;
  p.local = local.rtp;
  p.rtcp_mux = options_.rtcp_mux;

  SdpMedia m;
  m.media = "audio";
  m.port = local.rtp.port();
  m.proto = options_.srtp == SrtpMode::kRequired ? "RTP/SAVP" : "RTP/AVP";
  std::vector<int> used;
  for (AudioCodec codec : options_.codecs) {
    const AudioCodecInfo& info = GetAudioCodecInfo(codec);
    int pt = info.static_payload_type;
    if (pt < 0) {
      pt = PayloadTypeFor(Binding(info.name, info.clock_rate_hz), info.default_payload_type, used);
    } else {
      used.push_back(pt);
    }
    p.codecs.push_back(OfferedAudio::Codec{pt, codec});
  }
  if (options_.telephone_event) {
    // One telephone-event per clock rate our codecs use, in codec order.
    for (const OfferedAudio::Codec& c : p.codecs) {
      int rate = GetAudioCodecInfo(c.codec).telephone_event_hz;
      bool have =
          std::any_of(p.events.begin(), p.events.end(),
                      [rate](const OfferedAudio::Event& e) { return e.clock_rate_hz == rate; });
      if (have) continue;
      int pt = PayloadTypeFor(Binding("telephone-event", rate), rate == 8000 ? 101 : 110, used);
      p.events.push_back(OfferedAudio::Event{pt, rate});
    }
  }
  for (const OfferedAudio::Codec& c : p.codecs) {
    m.formats.push_back(std::to_string(c.payload_type));
    AddCodecAttributes(m, c.codec, c.payload_type, options_.opus);
  }
  for (const OfferedAudio::Event& e : p.events) {
    m.formats.push_back(std::to_string(e.payload_type));
    AddEventAttributes(m, e.payload_type, e.clock_rate_hz);
  }
  AddAttribute(m, "ptime", std::to_string(options_.ptime_ms));
  AddFlag(m, SdpDirectionName(local.direction));
  if (options_.rtcp_mux) AddFlag(m, "rtcp-mux");
  if (options_.audio_level) {
    // Keep the id the session already uses, if any.
    int id = current_ ? current_->audio_level_extension_id.value_or(1) : 1;
    p.audio_level_id = id;
    AddAttribute(m, "extmap",
                 FormatExtmap(SdpExtmap{id, std::nullopt, std::string(kAudioLevelUri), ""}));
  }
  if (options_.srtp != SrtpMode::kOff) {
    uint32_t tag = 1;
    for (SrtpSuite suite : SupportedSrtpSuites(options_)) {
      auto key = LocalKey(suite);
      if (!key) return key.error();
      SdpCrypto c{tag, SrtpSuiteName(suite), {InlineKey(**key)}, {}};
      AddAttribute(m, "crypto", FormatCrypto(c));
      p.cryptos.push_back(OfferedAudio::Crypto{tag, suite, **key});
      ++tag;
    }
  }
  SdpSession s = SessionSkeleton(local.rtp);
  s.media.push_back(std::move(m));
  pending.text = Finalize(s);
  for (const OfferedAudio::Codec& c : p.codecs) {
    const AudioCodecInfo& info = GetAudioCodecInfo(c.codec);
    BindPayloadType(c.payload_type, Binding(info.name, info.clock_rate_hz));
  }
  for (const OfferedAudio::Event& e : p.events) {
    BindPayloadType(e.payload_type, Binding("telephone-event", e.clock_rate_hz));
  }
  pending_ = std::move(pending);
  return pending_->text;
}

Result<NegotiatedMedia> SdpNegotiator::ProcessAnswer(std::string_view text) {
  if (!pending_) {
    return MakeError(ErrorCode::kInvalidArgument, "no offer of ours is waiting for an answer");
  }
  PendingOffer offer = std::move(*pending_);
  pending_.reset();
  auto answer = ParseSdp(text);
  if (!answer) {
    return MakeError(ErrorCode::kParse, "malformed SDP answer: " + answer.error().message);
  }
  auto n = CheckAnswer(offer.audio, *answer, options_);
  if (!n) return n.error();
  n->local_sdp = std::move(offer.text);
  n->remote_changed = !SameAsLastRemote(*answer, text);
  RememberRemote(*answer, text);
  current_ = *n;
  return n;
}

}  // namespace chorus::b2bua
