// SIP message parse and serialize cost: a typical 900-byte INVITE from a
// softphone (with SDP) and the 200 OK answering it. Parse includes the
// copy of the bytes into the message, the header split, and the eager
// validation of Via/From/To/Call-ID/CSeq/Contact a UAS performs.

#include <benchmark/benchmark.h>

#include <string>

#include "b2bua/sip/message/sip_parser.h"

namespace {

using namespace chorus::b2bua;

const std::string kSdp =
    "v=0\r\n"
    "o=alice 2890844526 2890844526 IN IP4 192.0.2.10\r\n"
    "s=-\r\n"
    "c=IN IP4 192.0.2.10\r\n"
    "t=0 0\r\n"
    "m=audio 49170 RTP/AVP 111 9 0 8 101\r\n"
    "a=rtpmap:111 opus/48000/2\r\n"
    "a=fmtp:111 useinbandfec=1;usedtx=1\r\n"
    "a=rtpmap:9 G722/8000\r\n"
    "a=rtpmap:0 PCMU/8000\r\n"
    "a=rtpmap:8 PCMA/8000\r\n"
    "a=rtpmap:101 telephone-event/8000\r\n"
    "a=fmtp:101 0-16\r\n"
    "a=ptime:20\r\n"
    "a=sendrecv\r\n";

std::string Invite() {
  return "INVITE sip:conf-room1@chorus.example.com SIP/2.0\r\n"
         "Via: SIP/2.0/UDP 192.0.2.10:5062;branch=z9hG4bK776asdhds;rport\r\n"
         "Max-Forwards: 70\r\n"
         "To: <sip:conf-room1@chorus.example.com>\r\n"
         "From: \"Alice Example\" <sip:alice@example.com>;tag=1928301774\r\n"
         "Call-ID: a84b4c76e66710@pc33.example.com\r\n"
         "CSeq: 314159 INVITE\r\n"
         "Contact: <sip:alice@192.0.2.10:5062;transport=udp>\r\n"
         "Allow: INVITE, ACK, CANCEL, BYE, OPTIONS, INFO, UPDATE, PRACK, NOTIFY\r\n"
         "Supported: replaces, timer, 100rel\r\n"
         "User-Agent: ExamplePhone/5.2.1 (Linux)\r\n"
         "Session-Expires: 1800\r\n"
         "Min-SE: 90\r\n"
         "Content-Type: application/sdp\r\n"
         "Content-Length: " +
         std::to_string(kSdp.size()) + "\r\n\r\n" + kSdp;
}

std::string Ok200() {
  return "SIP/2.0 200 OK\r\n"
         "Via: SIP/2.0/UDP 192.0.2.10:5062;branch=z9hG4bK776asdhds;rport=5062;received=192.0.2.10\r\n"
         "To: <sip:conf-room1@chorus.example.com>;tag=a6c85cf\r\n"
         "From: \"Alice Example\" <sip:alice@example.com>;tag=1928301774\r\n"
         "Call-ID: a84b4c76e66710@pc33.example.com\r\n"
         "CSeq: 314159 INVITE\r\n"
         "Contact: <sip:conf-room1@127.0.0.1:5060>\r\n"
         "Allow: INVITE, ACK, CANCEL, BYE, OPTIONS, INFO, UPDATE\r\n"
         "Supported: timer\r\n"
         "Server: Chorus\r\n"
         "Content-Type: application/sdp\r\n"
         "Content-Length: " +
         std::to_string(kSdp.size()) + "\r\n\r\n" + kSdp;
}

void BM_ParseInvite(benchmark::State& state) {
  std::string msg = Invite();
  SipParseLimits limits;
  for (auto _ : state) {
    SipParseResult r = SipParser::Parse(msg, Framing::kDatagram, limits);
    if (!r.ok()) state.SkipWithError("parse failed");
    benchmark::DoNotOptimize(r.message.get());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * msg.size()));
  state.counters["bytes"] = static_cast<double>(msg.size());
}
BENCHMARK(BM_ParseInvite);

void BM_ParseSerializeInvite(benchmark::State& state) {
  std::string msg = Invite();
  SipParseLimits limits;
  std::string out;
  for (auto _ : state) {
    SipParseResult r = SipParser::Parse(msg, Framing::kDatagram, limits);
    out.clear();
    r.message->SerializeTo(out);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * msg.size()));
}
BENCHMARK(BM_ParseSerializeInvite);

void BM_Parse200Ok(benchmark::State& state) {
  std::string msg = Ok200();
  SipParseLimits limits;
  for (auto _ : state) {
    SipParseResult r = SipParser::Parse(msg, Framing::kDatagram, limits);
    if (!r.ok()) state.SkipWithError("parse failed");
    benchmark::DoNotOptimize(r.message.get());
  }
  state.counters["bytes"] = static_cast<double>(msg.size());
}
BENCHMARK(BM_Parse200Ok);

void BM_ParseSerialize200Ok(benchmark::State& state) {
  std::string msg = Ok200();
  SipParseLimits limits;
  std::string out;
  for (auto _ : state) {
    SipParseResult r = SipParser::Parse(msg, Framing::kDatagram, limits);
    out.clear();
    r.message->SerializeTo(out);
    benchmark::DoNotOptimize(out.data());
  }
}
BENCHMARK(BM_ParseSerialize200Ok);

}  // namespace

