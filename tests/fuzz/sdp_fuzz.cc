// Fuzz target for the SDP stack: ParseSdp on arbitrary bytes; on success,
// BuildSdp must produce canonical text that parses back to the same model
// (and rebuilds byte for byte), every typed attribute reader must cope, the
// answerer must either fail cleanly or produce an answer that parses with
// one m= line per offered one, and the input is also checked as an answer
// to an offer of ours. Seed corpus: tests/fuzz/corpus/sdp/.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "b2bua/sdp/sdp_attributes.h"
#include "b2bua/sdp/sdp_builder.h"
#include "b2bua/sdp/sdp_crypto.h"
#include "b2bua/sdp/sdp_negotiator.h"
#include "b2bua/sdp/sdp_parser.h"
#include "media/base/check.h"

namespace {

using namespace chorus;
using namespace chorus::b2bua;

void ReadAttributes(const SdpMedia& m) {
  for (const std::string& f : m.formats) {
    if (auto pt = ParsePayloadType(f)) {
      (void)FindRtpmap(m, *pt);
      (void)FindFmtp(m, *pt).ToString();
    }
  }
  (void)FindPtimeMs(m);
  (void)FindMaxPtimeMs(m);
  (void)FindRtcp(m);
  for (const SdpExtmap& e : FindExtmaps(m)) (void)FormatExtmap(e);
  for (const SdpCrypto& c : FindCryptos(m)) {
    // Formatting a parsed line and parsing it again gives the same line.
    auto again = ParseCrypto(FormatCrypto(c));
    CHORUS_CHECK(again.has_value() && *again == c);
    if (auto suite = ParseSrtpSuite(c.suite)) (void)AcceptableCryptoKey(c, *suite);
  }
}

SdpNegotiatorOptions Options() {
  SdpNegotiatorOptions o;
  o.srtp = media::SrtpMode::kOptional;
  o.srtp_gcm = true;
  return o;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto parsed = ParseSdp(text);
  if (parsed) {
    std::string built = BuildSdp(*parsed);
    // Canonical text uses CRLF and may gain "s=-" and "t=0 0".
    SdpParseLimits roomy;
    roomy.max_bytes = roomy.max_bytes * 2 + 64;
    roomy.max_lines += 2;
    auto reparsed = ParseSdp(built, roomy);
    CHORUS_CHECK(reparsed.has_value());
    CHORUS_CHECK(*reparsed == *parsed);
    CHORUS_CHECK(BuildSdp(*reparsed) == built);
    for (const SdpMedia& m : parsed->media) ReadAttributes(m);
  }

  const LocalMedia local{SocketAddress::FromIp("203.0.113.10", 30000).value(),
                         SdpDirection::kSendRecv};
  auto answerer = SdpNegotiator::CreateForTest(Options(), 1);
  CHORUS_CHECK(answerer.has_value());
  auto answer = answerer->Answer(text, local);
  if (answer) {
    CHORUS_CHECK(parsed.has_value());
    auto back = ParseSdp(answer->local_sdp);
    CHORUS_CHECK(back.has_value());
    CHORUS_CHECK(back->media.size() == parsed->media.size());
    CHORUS_CHECK(back->media[answer->media_index].port == 30000);
  } else {
    CHORUS_CHECK(SipRejectionFor(answer.error()).status_code != 500);
  }

  auto offerer = SdpNegotiator::CreateForTest(Options(), 2);
  CHORUS_CHECK(offerer.has_value());
  CHORUS_CHECK(offerer->CreateOffer(local).has_value());
  auto checked = offerer->ProcessAnswer(text);
  CHORUS_CHECK(!offerer->offer_pending());
  if (checked) CHORUS_CHECK(checked->codec.payload_type >= 0);
  return 0;
}
