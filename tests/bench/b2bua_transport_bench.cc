// SIP transport costs on the signalling thread:
// - StreamFramer over a pipelined TCP stream of 882-byte INVITEs delivered
//   in reads of 64, 1460 (one segment) and 16384 bytes;
// - StampTopVia on a parsed INVITE (received + rport rewrite of the top
//   Via), against the parse alone;
// - the UDP receive path end to end: 64 datagrams on loopback, read in one
//   wake-up, parsed, stamped and handed to the handler.

#include <benchmark/benchmark.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string>

#include "b2bua/sip/message/sip_parser.h"
#include "b2bua/sip/transport/sip_transport_layer.h"
#include "b2bua/sip/transport/stream_framer.h"
#include "b2bua/sip/transport/via_routing.h"

namespace {

using namespace chorus;
using namespace chorus::b2bua;

std::string Invite(int n) {
  std::string sdp =
      "v=0\r\no=alice 2890844526 2890844526 IN IP4 192.0.2.10\r\ns=-\r\nc=IN IP4 192.0.2.10\r\n"
      "t=0 0\r\nm=audio 49170 RTP/AVP 111 9 0 8 101\r\na=rtpmap:111 opus/48000/2\r\n"
      "a=fmtp:111 useinbandfec=1;usedtx=1\r\na=rtpmap:9 G722/8000\r\na=rtpmap:0 PCMU/8000\r\n"
      "a=rtpmap:8 PCMA/8000\r\na=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-16\r\n"
      "a=ptime:20\r\na=sendrecv\r\n";
  return "INVITE sip:conf-room1@chorus.example.com SIP/2.0\r\n"
         "Via: SIP/2.0/TCP 192.0.2.10:5062;branch=z9hG4bK776asdhds" +
         std::to_string(n) +
         ";rport\r\n"
         "Max-Forwards: 70\r\n"
         "To: <sip:conf-room1@chorus.example.com>\r\n"
         "From: \"Alice Example\" <sip:alice@example.com>;tag=1928301774\r\n"
         "Call-ID: a84b4c76e66710@pc33.example.com\r\n"
         "CSeq: 314159 INVITE\r\n"
         "Contact: <sip:alice@192.0.2.10:5062;transport=tcp>\r\n"
         "Allow: INVITE, ACK, CANCEL, BYE, OPTIONS, INFO, UPDATE, PRACK, NOTIFY\r\n"
         "Supported: replaces, timer, 100rel\r\n"
         "User-Agent: ExamplePhone/5.2.1 (Linux)\r\n"
         "Content-Type: application/sdp\r\n"
         "Content-Length: " +
         std::to_string(sdp.size()) + "\r\n\r\n" + sdp;
}

void BM_StreamFramer(benchmark::State& state) {
  size_t chunk = static_cast<size_t>(state.range(0));
  std::string stream;
  int messages = 64;
  for (int i = 0; i < messages; ++i) stream += Invite(i);
  int64_t framed = 0;
  for (auto _ : state) {
    StreamFramer framer(64 * 1024);
    for (size_t pos = 0; pos < stream.size(); pos += chunk) {
      framer.Append(std::string_view(stream).substr(pos, chunk));
      while (framer.Next().kind == StreamFramer::FrameKind::kMessage) ++framed;
    }
  }
  if (framed != messages * static_cast<int64_t>(state.iterations())) {
    state.SkipWithError("lost messages");
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * stream.size()));
  state.SetItemsProcessed(framed);
}
BENCHMARK(BM_StreamFramer)->Arg(64)->Arg(1460)->Arg(16384);

void BM_ParseStreamInvite(benchmark::State& state) {
  std::string msg = Invite(0);
  for (auto _ : state) {
    SipParseResult r = SipParser::Parse(msg, Framing::kStream, SipParseLimits{});
    benchmark::DoNotOptimize(r.message.get());
  }
}
BENCHMARK(BM_ParseStreamInvite);

void BM_ParseAndStampInvite(benchmark::State& state) {
  std::string msg = Invite(0);
  SocketAddress source = *SocketAddress::Parse("198.51.100.7:40123");
  for (auto _ : state) {
    SipParseResult r = SipParser::Parse(msg, Framing::kStream, SipParseLimits{});
    if (!StampTopVia(*r.message, source)) state.SkipWithError("not stamped");
    benchmark::DoNotOptimize(r.message.get());
  }
}
BENCHMARK(BM_ParseAndStampInvite);

void BM_UdpReceivePath(benchmark::State& state) {
  auto loop = EventLoop::Create().value();
  SipOptions options;
  options.listen = {*SocketAddress::Parse("127.0.0.1:0")};
  int64_t handled = 0;
  auto layer = SipTransportLayer::Create(*loop, options, [&](SipParseResult&&, const SipPeer&) {
                 ++handled;
               }).value();
  SocketAddress to = layer->ListenAddresses(Transport::kUdp).at(0);
  int fd = socket(AF_INET, SOCK_DGRAM, 0);
  std::string msg = Invite(0);
  constexpr int kBatch = 64;
  for (auto _ : state) {
    for (int i = 0; i < kBatch; ++i) {
      sendto(fd, msg.data(), msg.size(), 0, to.sockaddr_ptr(), to.sockaddr_len());
    }
    int64_t want = handled + kBatch;
    while (handled < want) loop->RunOnce();
  }
  close(fd);
  state.SetItemsProcessed(handled);
  state.SetBytesProcessed(handled * static_cast<int64_t>(msg.size()));
}
BENCHMARK(BM_UdpReceivePath);

}  // namespace
