// SDP costs on the signalling thread, per call leg: parsing a typical
// softphone offer, building SDP text, answering plain and SDES offers,
// creating an offer and reading the answer to it. Figures: docs/bench/sdp.md.

#include <benchmark/benchmark.h>

#include <string>

#include "b2bua/sdp/sdp_builder.h"
#include "b2bua/sdp/sdp_negotiator.h"
#include "b2bua/sdp/sdp_parser.h"
#include "media/base/check.h"

namespace chorus::b2bua {
namespace {

// A desktop softphone's offer: several codecs, events at two rates, the
// usual attributes. 24 lines, ~650 bytes.
const std::string kSoftphoneOffer =
    "v=0\r\n"
    "o=alice 3724394400 3724394400 IN IP4 198.51.100.7\r\n"
    "s=Talk\r\n"
    "c=IN IP4 198.51.100.7\r\n"
    "b=AS:380\r\n"
    "t=0 0\r\n"
    "a=rtcp-xr:rcvr-rtt=all:10000 stat-summary=loss,dup,jitt,TTL voip-metrics\r\n"
    "m=audio 7078 RTP/AVP 96 97 98 0 8 9 101 99 100\r\n"
    "a=rtpmap:96 opus/48000/2\r\n"
    "a=fmtp:96 useinbandfec=1\r\n"
    "a=rtpmap:97 speex/16000\r\n"
    "a=fmtp:97 vbr=on\r\n"
    "a=rtpmap:98 speex/8000\r\n"
    "a=fmtp:98 vbr=on\r\n"
    "a=rtpmap:101 telephone-event/48000\r\n"
    "a=rtpmap:99 telephone-event/16000\r\n"
    "a=rtpmap:100 telephone-event/8000\r\n"
    "a=ptime:20\r\n"
    "a=sendrecv\r\n"
    "a=rtcp:7079\r\n"
    "a=rtcp-mux\r\n"
    "a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level\r\n"
    "a=rtcp-fb:* trr-int 1000\r\n"
    "a=rtcp-fb:* ccm tmmbr\r\n";

const std::string kSrtpOffer =
    "v=0\r\n"
    "o=sbc 882733 882734 IN IP4 192.0.2.44\r\n"
    "s=-\r\n"
    "c=IN IP4 192.0.2.44\r\n"
    "t=0 0\r\n"
    "m=audio 20000 RTP/SAVP 0 8 101\r\n"
    "a=rtpmap:0 PCMU/8000\r\n"
    "a=rtpmap:8 PCMA/8000\r\n"
    "a=rtpmap:101 telephone-event/8000\r\n"
    "a=fmtp:101 0-16\r\n"
    "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:FR0LOGX+BHFJWT46BDRi6M5pDX4yyV9M04FmdsfX\r\n"
    "a=crypto:2 AES_CM_128_HMAC_SHA1_32 inline:8xedbFHYo/TFCZ4Zuj1VDR/UnxrNuBQIq/L4KApP\r\n"
    "a=ptime:20\r\n"
    "a=sendrecv\r\n";

const std::string kAnswerToUs =
    "v=0\r\n"
    "o=dave 9001 1 IN IP4 198.51.100.30\r\n"
    "s=-\r\n"
    "c=IN IP4 198.51.100.30\r\n"
    "t=0 0\r\n"
    "m=audio 40000 RTP/AVP 111 110\r\n"
    "a=rtpmap:111 opus/48000/2\r\n"
    "a=fmtp:111 useinbandfec=1\r\n"
    "a=rtpmap:110 telephone-event/48000\r\n"
    "a=rtcp-mux\r\n"
    "a=sendrecv\r\n";

LocalMedia Local() {
  return LocalMedia{SocketAddress::FromIp("203.0.113.10", 30000).value(), SdpDirection::kSendRecv};
}

SdpNegotiator MakeNegotiator(media::SrtpMode mode) {
  SdpNegotiatorOptions o;
  o.srtp = mode;
  auto n = SdpNegotiator::CreateForTest(o, 4242);
  CHORUS_CHECK(n.has_value());
  return std::move(*n);
}

void BM_ParseSoftphoneOffer(benchmark::State& state) {
  for (auto _ : state) {
    auto s = ParseSdp(kSoftphoneOffer);
    benchmark::DoNotOptimize(s);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * kSoftphoneOffer.size()));
}
BENCHMARK(BM_ParseSoftphoneOffer);

void BM_BuildSoftphoneOffer(benchmark::State& state) {
  auto s = ParseSdp(kSoftphoneOffer);
  CHORUS_CHECK(s.has_value());
  for (auto _ : state) {
    std::string text = BuildSdp(*s);
    benchmark::DoNotOptimize(text);
  }
}
BENCHMARK(BM_BuildSoftphoneOffer);

// Parse + choose + build the answer; one negotiator per leg, reused, as in
// re-INVITEs (a new leg adds Create(): one RAND_bytes for the session id).
void BM_AnswerSoftphoneOffer(benchmark::State& state) {
  SdpNegotiator neg = MakeNegotiator(media::SrtpMode::kOptional);
  for (auto _ : state) {
    auto r = neg.Answer(kSoftphoneOffer, Local());
    CHORUS_CHECK(r.has_value());
    benchmark::DoNotOptimize(r);
  }
}
BENCHMARK(BM_AnswerSoftphoneOffer);

// A fresh negotiator per iteration: includes generating our SRTP key.
void BM_AnswerSrtpOfferNewLeg(benchmark::State& state) {
  for (auto _ : state) {
    SdpNegotiator neg = MakeNegotiator(media::SrtpMode::kOptional);
    auto r = neg.Answer(kSrtpOffer, Local());
    CHORUS_CHECK(r.has_value() && r->srtp.has_value());
    benchmark::DoNotOptimize(r);
  }
}
BENCHMARK(BM_AnswerSrtpOfferNewLeg);

void BM_CreateOffer(benchmark::State& state) {
  SdpNegotiator neg = MakeNegotiator(static_cast<media::SrtpMode>(state.range(0)));
  for (auto _ : state) {
    auto offer = neg.CreateOffer(Local());
    CHORUS_CHECK(offer.has_value());
    benchmark::DoNotOptimize(offer);
    neg.AbandonOffer();
  }
}
BENCHMARK(BM_CreateOffer)
    ->Arg(static_cast<int>(media::SrtpMode::kOff))
    ->Arg(static_cast<int>(media::SrtpMode::kOptional));

void BM_OfferThenProcessAnswer(benchmark::State& state) {
  SdpNegotiator neg = MakeNegotiator(media::SrtpMode::kOff);
  for (auto _ : state) {
    auto offer = neg.CreateOffer(Local());
    CHORUS_CHECK(offer.has_value());
    auto r = neg.ProcessAnswer(kAnswerToUs);
    CHORUS_CHECK(r.has_value());
    benchmark::DoNotOptimize(r);
  }
}
BENCHMARK(BM_OfferThenProcessAnswer);

}  // namespace
}  // namespace chorus::b2bua

// tests/bench/CMakeLists.txt links benchmark::benchmark without its main.
