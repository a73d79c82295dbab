// SipTransportLayer over real loopback sockets (127.0.0.1, and ::1 where
// the host has it; port 0). Scenarios:
// - listening: UDP and TCP share the port picked for port 0; bind errors
//   name the address; AdvertisedAddress per transport and family;
// - UDP in: a request reaches the handler with the peer and local address,
//   its top Via stamped with received/rport (RFC 3261 18.2.1, RFC 3581 4);
//   responses pass unstamped; CRLF and NUL keep-alives are ignored; bytes
//   that are not SIP are dropped; a datagram over max_message_bytes arrives
//   with status 513;
// - UDP out (RFC 3261 18.2.2, RFC 3581): responses go to the source port
//   with rport, to received + sent-by port without it, to maddr when given,
//   all sent from the listening socket; SendRequest leaves from the
//   listener;
// - TCP in: a request written in pieces and several requests in one write
//   each arrive once, with the connection id; the response goes back over
//   the same connection; a request to a peer that connected to us reuses
//   its connection;
// - TCP out: SendRequest connects, queues until connected, reuses the
//   connection and takes responses on it; a refused connect reaches the
//   transport error handler (RFC 3261 8.1.3.1) and the counters;
// - TCP limits: idle timeout, per-IP and global caps, a declared oversize
//   message gets its 513 then the close, a missing Content-Length its 400
//   (RFC 3261 18.3), a CRLFCRLF ping its CRLF pong (RFC 5626 3.5.1), a peer
//   that stops reading is cut off;
// - TLS is refused.

#include "b2bua/sip/transport/sip_transport_layer.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "b2bua/sip/message/message_builder.h"
#include "tests/unit/b2bua/sip/transport/loopback_test_util.h"

namespace chorus::b2bua {
namespace {

using loopback::Addr;
using loopback::RunFor;
using loopback::RunUntil;
using loopback::TcpPeer;
using loopback::TcpServer;
using loopback::UdpPeer;

struct Inbound {
  SipParseResult parsed;
  SipPeer from;
};

std::string Options(std::string_view transport, std::string_view sent_by,
                    std::string_view via_params = "", std::string_view branch = "z9hG4bKopt1",
                    std::string_view body = "") {
  return "OPTIONS sip:chorus@127.0.0.1 SIP/2.0\r\n"
         "Via: SIP/2.0/" +
         std::string(transport) + " " + std::string(sent_by) + ";branch=" + std::string(branch) +
         std::string(via_params) +
         "\r\n"
         "Max-Forwards: 70\r\n"
         "From: <sip:alice@example.com>;tag=a1\r\n"
         "To: <sip:chorus@127.0.0.1>\r\n"
         "Call-ID: " +
         std::string(branch) +
         "@example.com\r\n"
         "CSeq: 1 OPTIONS\r\n"
         "Content-Length: " +
         std::to_string(body.size()) + "\r\n\r\n" + std::string(body);
}

class SipTransportLayerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto loop = EventLoop::Create();
    ASSERT_TRUE(loop);
    loop_ = std::move(*loop);
  }
  void TearDown() override {
    layer_.reset();
    loop_->RunOnce();
  }

  void Start(std::vector<std::string> listen = {"127.0.0.1:0"}, SipOptions options = {},
             SipTransportLimits limits = {}) {
    options.listen.clear();
    for (const std::string& l : listen) options.listen.push_back(Addr(l));
    auto layer = SipTransportLayer::Create(
        *loop_, options,
        [this](SipParseResult&& parsed, const SipPeer& from) {
          inbound_.push_back(Inbound{std::move(parsed), from});
          if (on_inbound_) on_inbound_(inbound_.back());
        },
        limits);
    ASSERT_TRUE(layer) << layer.error().message;
    layer_ = std::move(*layer);
    layer_->SetTransportErrorHandler([this](const SipPeer& peer, const Error& error) {
      transport_errors_.push_back(peer);
      last_error_ = error.message;
    });
  }
  SocketAddress UdpAddr(size_t i = 0) { return layer_->ListenAddresses(Transport::kUdp).at(i); }
  SocketAddress TcpAddr(size_t i = 0) { return layer_->ListenAddresses(Transport::kTcp).at(i); }
  bool WaitInbound(size_t n) {
    return RunUntil(*loop_, [&] { return inbound_.size() >= n; });
  }
  bool WaitUdp(UdpPeer& peer, std::string* out, SocketAddress* from = nullptr) {
    return RunUntil(*loop_, [&] { return peer.TryReceive(out, from); });
  }
  bool WaitTcp(TcpPeer& peer, std::string_view needle) {
    return RunUntil(*loop_, [&] {
      peer.Poll();
      return peer.received().find(needle) != std::string::npos;
    });
  }
  bool WaitClosed(TcpPeer& peer) {
    return RunUntil(*loop_, [&] {
      peer.Poll();
      return peer.closed();
    });
  }
  // Answers inbound request `i` with `code` over SendResponse.
  Result<void> Answer(size_t i, int code) {
    const Inbound& in = inbound_.at(i);
    auto response = BuildResponse(*in.parsed.message, code);
    return layer_->SendResponse(in.from, *response);
  }

  std::unique_ptr<EventLoop> loop_;
  std::unique_ptr<SipTransportLayer> layer_;
  std::vector<Inbound> inbound_;
  std::function<void(Inbound&)> on_inbound_;
  std::vector<SipPeer> transport_errors_;
  std::string last_error_;
};

// ---- listening ----

TEST_F(SipTransportLayerTest, PortZeroGivesUdpAndTcpTheSamePort) {
  Start();
  SocketAddress udp = UdpAddr();
  SocketAddress tcp = TcpAddr();
  EXPECT_NE(udp.port(), 0);
  EXPECT_EQ(udp, tcp);
  EXPECT_EQ(layer_->AdvertisedAddress(Transport::kUdp, AF_INET), udp);
  EXPECT_EQ(layer_->AdvertisedAddress(Transport::kTcp, AF_INET), tcp);
  EXPECT_FALSE(layer_->AdvertisedAddress(Transport::kUdp, AF_INET6).valid());
  EXPECT_FALSE(layer_->AdvertisedAddress(Transport::kTls, AF_INET).valid());
}

TEST_F(SipTransportLayerTest, BindErrorNamesTheAddress) {
  UdpPeer squatter;
  SipOptions options;
  options.listen = {squatter.address()};
  auto layer = SipTransportLayer::Create(*loop_, options, [](SipParseResult&&, const SipPeer&) {});
  ASSERT_FALSE(layer);
  EXPECT_EQ(layer.error().message,
            "sip.listen " + squatter.address().ToString() + ": Address already in use");
  // TCP taken, UDP free: the same form.
  loopback::TcpServer tcp_squatter;
  options.listen = {tcp_squatter.address()};
  auto tcp_taken =
      SipTransportLayer::Create(*loop_, options, [](SipParseResult&&, const SipPeer&) {});
  ASSERT_FALSE(tcp_taken);
  EXPECT_EQ(tcp_taken.error().message,
            "sip.listen " + tcp_squatter.address().ToString() + ": Address already in use");
  options.listen.clear();
  auto empty = SipTransportLayer::Create(*loop_, options, [](SipParseResult&&, const SipPeer&) {});
  ASSERT_FALSE(empty);
  EXPECT_NE(empty.error().message.find("sip.listen"), std::string::npos);
}

// ---- UDP ----

TEST_F(SipTransportLayerTest, UdpRequestStampedAndAnsweredViaRport) {
  Start();
  UdpPeer phone;
  std::string sent_by = "127.0.0.1:" + std::to_string(phone.address().port() + 1);
  ASSERT_TRUE(phone.SendTo(UdpAddr(), Options("UDP", sent_by, ";rport")));
  ASSERT_TRUE(WaitInbound(1));
  const Inbound& in = inbound_[0];
  ASSERT_TRUE(in.parsed.ok()) << in.parsed.reason;
  EXPECT_EQ(in.from.transport, Transport::kUdp);
  EXPECT_EQ(in.from.remote, phone.address());
  EXPECT_EQ(in.from.local, UdpAddr());
  EXPECT_EQ(in.from.connection_id, 0u);
  const ViaHop& via = in.parsed.message->top_via();
  EXPECT_EQ(via.rport, std::to_string(phone.address().port()));
  EXPECT_EQ(via.received, "127.0.0.1");

  // rport wins over the sent-by port: the answer reaches the phone's socket.
  ASSERT_TRUE(Answer(0, 200));
  std::string reply;
  SocketAddress from;
  ASSERT_TRUE(WaitUdp(phone, &reply, &from));
  EXPECT_EQ(reply.rfind("SIP/2.0 200 OK\r\n", 0), 0u);
  EXPECT_NE(reply.find(";rport=" + std::to_string(phone.address().port())), std::string::npos);
  EXPECT_EQ(from, UdpAddr());  // sent from the listening socket
  const SipTransportCounters& c = layer_->counters();
  EXPECT_EQ(c.udp_datagrams_in, 1u);
  EXPECT_EQ(c.messages_in, 1u);
  EXPECT_EQ(c.udp_datagrams_out, 1u);
  EXPECT_EQ(c.udp_bytes_out, reply.size());
}

TEST_F(SipTransportLayerTest, UdpResponseToReceivedAndSentByPort) {
  Start();
  UdpPeer sender;
  UdpPeer listener;  // the phone's listening port, named in sent-by
  std::string sent_by = "phone.example.com:" + std::to_string(listener.address().port());
  ASSERT_TRUE(sender.SendTo(UdpAddr(), Options("UDP", sent_by)));
  ASSERT_TRUE(WaitInbound(1));
  EXPECT_EQ(inbound_[0].parsed.message->top_via().received, "127.0.0.1");
  EXPECT_FALSE(inbound_[0].parsed.message->top_via().has_rport);
  ASSERT_TRUE(Answer(0, 486));
  std::string reply;
  ASSERT_TRUE(WaitUdp(listener, &reply));
  EXPECT_EQ(reply.rfind("SIP/2.0 486 Busy Here\r\n", 0), 0u);
  std::string none;
  EXPECT_FALSE(sender.TryReceive(&none));
}

TEST_F(SipTransportLayerTest, UdpResponseToMaddr) {
  Start();
  UdpPeer sender;
  UdpPeer target;
  std::string sent_by = "phone.example.com:" + std::to_string(target.address().port());
  ASSERT_TRUE(sender.SendTo(UdpAddr(), Options("UDP", sent_by, ";maddr=127.0.0.1;ttl=1")));
  ASSERT_TRUE(WaitInbound(1));
  ASSERT_TRUE(Answer(0, 200));
  std::string reply;
  ASSERT_TRUE(WaitUdp(target, &reply));
  EXPECT_EQ(reply.rfind("SIP/2.0 200 OK", 0), 0u);
}

TEST_F(SipTransportLayerTest, UdpResponsesAreNotStamped) {
  Start();
  UdpPeer peer;
  std::string response =
      "SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP elsewhere.example.com;branch=z9hG4bKr1\r\n"
      "From: <sip:chorus@127.0.0.1>;tag=1\r\nTo: <sip:bob@example.com>;tag=2\r\n"
      "Call-ID: r1@chorus\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n";
  ASSERT_TRUE(peer.SendTo(UdpAddr(), response));
  ASSERT_TRUE(WaitInbound(1));
  EXPECT_TRUE(inbound_[0].parsed.ok());
  EXPECT_TRUE(inbound_[0].parsed.message->is_response());
  EXPECT_FALSE(inbound_[0].parsed.message->top_via().has_received);
}

TEST_F(SipTransportLayerTest, UdpKeepAlivesAndGarbageAreDropped) {
  Start();
  UdpPeer peer;
  ASSERT_TRUE(peer.SendTo(UdpAddr(), "\r\n\r\n"));
  ASSERT_TRUE(peer.SendTo(UdpAddr(), "\r\n"));
  ASSERT_TRUE(peer.SendTo(UdpAddr(), std::string_view("\0\0\0\0", 4)));
  ASSERT_TRUE(peer.SendTo(UdpAddr(), "not sip at all"));
  ASSERT_TRUE(peer.SendTo(UdpAddr(), Options("UDP", "127.0.0.1:1")));
  ASSERT_TRUE(WaitInbound(1));
  RunFor(*loop_, 5);
  EXPECT_EQ(inbound_.size(), 1u);
  const SipTransportCounters& c = layer_->counters();
  EXPECT_EQ(c.udp_datagrams_in, 5u);
  EXPECT_EQ(c.keepalives, 3u);
  EXPECT_EQ(c.parse_failures, 1u);
  EXPECT_EQ(c.messages_in, 1u);
}

TEST_F(SipTransportLayerTest, UdpOversizeArrivesAs513) {
  SipOptions options;
  options.max_message_bytes = 1000;
  Start({"127.0.0.1:0"}, options);
  UdpPeer peer;
  std::string big = Options("UDP", "127.0.0.1:5062", "", "z9hG4bKbig", std::string(3000, 'x'));
  ASSERT_TRUE(peer.SendTo(UdpAddr(), big));
  ASSERT_TRUE(WaitInbound(1));
  const SipParseResult& r = inbound_[0].parsed;
  EXPECT_EQ(r.status, 513);
  ASSERT_NE(r.message, nullptr);
  EXPECT_EQ(r.message->top_via().branch, "z9hG4bKbig");
  EXPECT_EQ(r.message->wire_size(), 1001u);  // read one byte past the limit, no more
  EXPECT_EQ(layer_->counters().oversize, 1u);
  EXPECT_EQ(layer_->counters().udp_bytes_in, big.size());
  // The 513 can be answered.
  ASSERT_TRUE(Answer(0, 513));
}

TEST_F(SipTransportLayerTest, UdpSendRequestFromTheListener) {
  Start();
  UdpPeer peer;
  std::string bytes = Options("UDP", UdpAddr().ToString(), "", "z9hG4bKout");
  ASSERT_TRUE(layer_->SendRequest(SipPeer{Transport::kUdp, peer.address(), UdpAddr(), 0}, bytes));
  std::string got;
  SocketAddress from;
  ASSERT_TRUE(WaitUdp(peer, &got, &from));
  EXPECT_EQ(got, bytes);
  EXPECT_EQ(from, UdpAddr());
  // No local given: the first listener of the family.
  ASSERT_TRUE(layer_->SendRequest(SipPeer{Transport::kUdp, peer.address(), {}, 0}, bytes));
  ASSERT_TRUE(WaitUdp(peer, &got, &from));
  EXPECT_EQ(from, UdpAddr());
  // No IPv6 listener: refused at once.
  auto v6 = layer_->SendRequest(SipPeer{Transport::kUdp, Addr("[::1]:5060"), {}, 0}, bytes);
  ASSERT_FALSE(v6);
  EXPECT_NE(v6.error().message.find("IPv6"), std::string::npos);
  EXPECT_EQ(layer_->counters().send_errors, 1u);
}

TEST_F(SipTransportLayerTest, Ipv6UdpAndTcp) {
  if (!loopback::Ipv6LoopbackWorks()) GTEST_SKIP() << "no ::1 on this host";
  Start({"127.0.0.1:0", "[::1]:0"});
  SocketAddress v6 = UdpAddr(1);
  EXPECT_TRUE(v6.is_v6());
  EXPECT_EQ(layer_->AdvertisedAddress(Transport::kUdp, AF_INET6), v6);
  UdpPeer phone("[::1]:0");
  ASSERT_TRUE(phone.SendTo(v6, Options("UDP", "[::1]:5062", ";rport")));
  ASSERT_TRUE(WaitInbound(1));
  EXPECT_EQ(inbound_[0].from.local, v6);
  EXPECT_EQ(inbound_[0].parsed.message->top_via().received, "::1");
  ASSERT_TRUE(Answer(0, 200));
  std::string reply;
  SocketAddress from;
  ASSERT_TRUE(WaitUdp(phone, &reply, &from));
  EXPECT_EQ(from, v6);

  TcpPeer client(TcpAddr(1));
  ASSERT_TRUE(client.connected());
  ASSERT_TRUE(client.Send(Options("TCP", "[::1]:5062", "", "z9hG4bKv6tcp")));
  ASSERT_TRUE(WaitInbound(2));
  EXPECT_EQ(inbound_[1].from.transport, Transport::kTcp);
  ASSERT_TRUE(Answer(1, 200));
  EXPECT_TRUE(WaitTcp(client, "SIP/2.0 200 OK"));
}

// ---- TCP in ----

TEST_F(SipTransportLayerTest, TcpRequestInPiecesAndResponseOnTheConnection) {
  Start();
  TcpPeer client(TcpAddr());
  ASSERT_TRUE(client.connected());
  std::string request = Options("TCP", "client.example.com:5070", ";rport", "z9hG4bKt1", "hello");
  ASSERT_TRUE(client.Send(request.substr(0, 10)));
  RunFor(*loop_, 3);
  ASSERT_TRUE(client.Send(request.substr(10, 100)));
  RunFor(*loop_, 3);
  EXPECT_TRUE(inbound_.empty());
  ASSERT_TRUE(client.Send(request.substr(110)));
  ASSERT_TRUE(WaitInbound(1));
  const Inbound& in = inbound_[0];
  ASSERT_TRUE(in.parsed.ok()) << in.parsed.reason;
  EXPECT_EQ(in.parsed.message->body(), "hello");
  EXPECT_EQ(in.from.transport, Transport::kTcp);
  EXPECT_EQ(in.from.remote, client.address());
  EXPECT_EQ(in.from.local, TcpAddr());
  EXPECT_NE(in.from.connection_id, 0u);
  EXPECT_EQ(in.parsed.message->top_via().received, "127.0.0.1");
  EXPECT_EQ(in.parsed.message->top_via().rport, std::to_string(client.address().port()));

  ASSERT_TRUE(Answer(0, 200));
  EXPECT_TRUE(WaitTcp(client, "SIP/2.0 200 OK\r\n"));
  EXPECT_EQ(layer_->counters().tcp_accepts, 1u);
  EXPECT_EQ(layer_->counters().tcp_connects, 0u);
  EXPECT_EQ(layer_->connection_count(), 1u);
}

TEST_F(SipTransportLayerTest, TcpManyMessagesInOneWrite) {
  Start();
  TcpPeer client(TcpAddr());
  std::string burst = "\r\n" + Options("TCP", "127.0.0.1:5070", "", "z9hG4bKm1") +
                      Options("TCP", "127.0.0.1:5070", "", "z9hG4bKm2", "body") +
                      Options("TCP", "127.0.0.1:5070", "", "z9hG4bKm3");
  ASSERT_TRUE(client.Send(burst));
  ASSERT_TRUE(WaitInbound(3));
  EXPECT_EQ(inbound_[0].parsed.message->top_via().branch, "z9hG4bKm1");
  EXPECT_EQ(inbound_[1].parsed.message->top_via().branch, "z9hG4bKm2");
  EXPECT_EQ(inbound_[2].parsed.message->top_via().branch, "z9hG4bKm3");
  EXPECT_EQ(inbound_[0].from.connection_id, inbound_[2].from.connection_id);
  EXPECT_EQ(layer_->counters().messages_in, 3u);
  EXPECT_EQ(layer_->counters().tcp_bytes_in, burst.size());
}

TEST_F(SipTransportLayerTest, TcpRequestReusesAPeersConnection) {
  Start();
  TcpPeer client(TcpAddr());
  ASSERT_TRUE(client.Send(Options("TCP", "127.0.0.1:5070", "", "z9hG4bKr1")));
  ASSERT_TRUE(WaitInbound(1));
  SipPeer peer = inbound_[0].from;
  // By remote address alone, then by connection id.
  std::string bye = Options("TCP", TcpAddr().ToString(), "", "z9hG4bKreuse1");
  ASSERT_TRUE(layer_->SendRequest(SipPeer{Transport::kTcp, peer.remote, {}, 0}, bye));
  EXPECT_TRUE(WaitTcp(client, "z9hG4bKreuse1"));
  ASSERT_TRUE(
      layer_->SendRequest(SipPeer{Transport::kTcp, Addr("127.0.0.1:9"), {}, peer.connection_id},
                          Options("TCP", TcpAddr().ToString(), "", "z9hG4bKreuse2")));
  EXPECT_TRUE(WaitTcp(client, "z9hG4bKreuse2"));
  EXPECT_EQ(layer_->counters().tcp_connects, 0u);
  EXPECT_EQ(layer_->connection_count(), 1u);
}

// ---- TCP out ----

TEST_F(SipTransportLayerTest, TcpOutboundConnectQueueAndReuse) {
  Start();
  TcpServer server;
  std::string invite = Options("TCP", TcpAddr().ToString(), "", "z9hG4bKo1");
  SipPeer to{Transport::kTcp, server.address(), {}, 0};
  ASSERT_TRUE(layer_->SendRequest(to, invite));  // queued while connecting
  ASSERT_TRUE(layer_->SendRequest(to, Options("TCP", TcpAddr().ToString(), "", "z9hG4bKo2")));
  EXPECT_EQ(layer_->counters().tcp_connects, 1u);
  EXPECT_EQ(layer_->connection_count(), 1u);
  TcpPeer far;
  ASSERT_TRUE(RunUntil(*loop_, [&] { return server.TryAccept(&far); }));
  ASSERT_TRUE(WaitTcp(far, "z9hG4bKo2"));
  EXPECT_EQ(far.received().find(invite), 0u);

  // The far end answers over the same connection.
  std::string response = "SIP/2.0 200 OK\r\nVia: SIP/2.0/TCP " + TcpAddr().ToString() +
                         ";branch=z9hG4bKo1\r\nFrom: <sip:alice@example.com>;tag=a1\r\n"
                         "To: <sip:chorus@127.0.0.1>;tag=b\r\nCall-ID: z9hG4bKo1@example.com\r\n"
                         "CSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n";
  ASSERT_TRUE(far.Send(response));
  ASSERT_TRUE(WaitInbound(1));
  EXPECT_TRUE(inbound_[0].parsed.message->is_response());
  EXPECT_EQ(inbound_[0].from.remote, server.address());
  EXPECT_TRUE(layer_->IsConnectionOpen(inbound_[0].from.connection_id));
  EXPECT_TRUE(transport_errors_.empty());
}

TEST_F(SipTransportLayerTest, TcpConnectFailureReachesTheErrorHandler) {
  Start();
  SocketAddress nobody = loopback::UnusedTcpPort();
  ASSERT_TRUE(layer_->SendRequest(SipPeer{Transport::kTcp, nobody, {}, 0},
                                  Options("TCP", TcpAddr().ToString())));
  ASSERT_TRUE(RunUntil(*loop_, [&] { return !transport_errors_.empty(); }));
  EXPECT_EQ(transport_errors_[0].remote, nobody);
  EXPECT_EQ(transport_errors_[0].transport, Transport::kTcp);
  EXPECT_NE(last_error_.find("connect_failed"), std::string::npos) << last_error_;
  EXPECT_EQ(layer_->counters().tcp_connect_failures, 1u);
  EXPECT_EQ(layer_->connection_count(), 0u);
  EXPECT_FALSE(layer_->IsConnectionOpen(transport_errors_[0].connection_id));
}

TEST_F(SipTransportLayerTest, TcpResponseReopensAClosedConnectionToSentBy) {
  Start();
  TcpServer phone;  // the phone's listening port, named in sent-by
  TcpPeer client(TcpAddr());
  std::string sent_by = "phone.example.com:" + std::to_string(phone.address().port());
  ASSERT_TRUE(client.Send(Options("TCP", sent_by, "", "z9hG4bKreopen")));
  ASSERT_TRUE(WaitInbound(1));
  client.Close();
  ASSERT_TRUE(RunUntil(*loop_, [&] { return layer_->connection_count() == 0; }));
  // RFC 3261 18.2.2: a new connection to received + sent-by port.
  ASSERT_TRUE(Answer(0, 200));
  TcpPeer far;
  ASSERT_TRUE(RunUntil(*loop_, [&] { return phone.TryAccept(&far); }));
  EXPECT_TRUE(WaitTcp(far, "SIP/2.0 200 OK"));
  EXPECT_EQ(layer_->counters().tcp_connects, 1u);
}

TEST_F(SipTransportLayerTest, TlsIsRefused) {
  Start();
  auto r = layer_->SendRequest(SipPeer{Transport::kTls, Addr("127.0.0.1:5061"), {}, 0}, "x");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kUnsupported);
}

// ---- TCP limits ----

TEST_F(SipTransportLayerTest, TcpIdleTimeout) {
  SipOptions options;
  options.tcp_idle_timeout_ms = 60;
  Start({"127.0.0.1:0"}, options);
  TcpPeer quiet(TcpAddr());
  ASSERT_TRUE(RunUntil(*loop_, [&] { return layer_->connection_count() == 1; }));
  int64_t accepted_ms = loop_->NowMs();
  ASSERT_TRUE(WaitClosed(quiet));
  EXPECT_GE(loop_->NowMs() - accepted_ms, 50);  // not before its time
  EXPECT_EQ(layer_->counters().tcp_idle_closes, 1u);
  ASSERT_TRUE(RunUntil(*loop_, [&] { return layer_->connection_count() == 0; }));
}

TEST_F(SipTransportLayerTest, TcpTrafficDefersTheIdleTimeout) {
  SipOptions options;
  options.tcp_idle_timeout_ms = 250;
  Start({"127.0.0.1:0"}, options);
  TcpPeer chatty(TcpAddr());
  // Pings every ~50 ms for ~350 ms: longer than the timeout, still open.
  for (int i = 0; i < 7; ++i) {
    ASSERT_TRUE(chatty.Send("\r\n\r\n"));
    RunFor(*loop_, 50);
    chatty.Poll();
    ASSERT_FALSE(chatty.closed()) << "closed after ping " << i;
  }
  EXPECT_EQ(layer_->counters().tcp_idle_closes, 0u);
  EXPECT_TRUE(WaitClosed(chatty));
}

TEST_F(SipTransportLayerTest, TcpPerIpCap) {
  SipOptions options;
  options.tcp_max_connections_per_ip = 2;
  Start({"127.0.0.1:0"}, options);
  TcpPeer a(TcpAddr());
  TcpPeer b(TcpAddr());
  ASSERT_TRUE(RunUntil(*loop_, [&] { return layer_->connection_count() == 2; }));
  TcpPeer c(TcpAddr());
  ASSERT_TRUE(WaitClosed(c));
  EXPECT_EQ(layer_->counters().tcp_rejected_by_cap, 1u);
  EXPECT_EQ(layer_->connection_count(), 2u);
  // The first two still work; once one goes, a new one is accepted.
  ASSERT_TRUE(b.Send(Options("TCP", "127.0.0.1:5070")));
  ASSERT_TRUE(WaitInbound(1));
  a.Close();
  ASSERT_TRUE(RunUntil(*loop_, [&] { return layer_->connection_count() == 1; }));
  TcpPeer d(TcpAddr());
  ASSERT_TRUE(RunUntil(*loop_, [&] { return layer_->connection_count() == 2; }));
  EXPECT_EQ(layer_->counters().tcp_accepts, 3u);
}

TEST_F(SipTransportLayerTest, TcpGlobalCap) {
  SipTransportLimits limits;
  limits.max_connections = 1;
  Start({"127.0.0.1:0"}, SipOptions{}, limits);
  TcpPeer a(TcpAddr());
  ASSERT_TRUE(RunUntil(*loop_, [&] { return layer_->connection_count() == 1; }));
  TcpPeer b(TcpAddr());
  ASSERT_TRUE(WaitClosed(b));
  EXPECT_EQ(layer_->counters().tcp_rejected_by_cap, 1u);
  auto out = layer_->SendRequest(SipPeer{Transport::kTcp, Addr("127.0.0.1:9"), {}, 0}, "x");
  ASSERT_FALSE(out);
  EXPECT_EQ(out.error().code, ErrorCode::kExhausted);
}

TEST_F(SipTransportLayerTest, TcpOversizeGets513ThenClose) {
  SipOptions options;
  options.max_message_bytes = 2000;
  Start({"127.0.0.1:0"}, options);
  on_inbound_ = [this](Inbound& in) {
    auto response = BuildResponse(*in.parsed.message, in.parsed.status);
    ASSERT_TRUE(layer_->SendResponse(in.from, *response));
  };
  TcpPeer client(TcpAddr());
  std::string headers = Options("TCP", "127.0.0.1:5070", "", "z9hG4bKhuge");
  size_t cl = headers.find("Content-Length: 0");
  headers.replace(cl, 17, "Content-Length: 50000");
  ASSERT_TRUE(client.Send(headers + std::string(3000, 'x')));
  ASSERT_TRUE(WaitClosed(client));
  ASSERT_EQ(inbound_.size(), 1u);
  EXPECT_EQ(inbound_[0].parsed.status, 513);
  EXPECT_EQ(client.received().rfind("SIP/2.0 513 Message Too Large\r\n", 0), 0u);
  EXPECT_EQ(layer_->counters().oversize, 1u);
}

TEST_F(SipTransportLayerTest, TcpMissingContentLengthGets400ThenClose) {
  Start();
  on_inbound_ = [this](Inbound& in) {
    auto response = BuildResponse(*in.parsed.message, in.parsed.status, in.parsed.reason);
    ASSERT_TRUE(layer_->SendResponse(in.from, *response));
  };
  TcpPeer client(TcpAddr());
  std::string request = Options("TCP", "127.0.0.1:5070", "", "z9hG4bKnocl");
  request.replace(request.find("Content-Length: 0\r\n"), 19, "");
  ASSERT_TRUE(client.Send(request));
  ASSERT_TRUE(WaitClosed(client));
  ASSERT_EQ(inbound_.size(), 1u);
  EXPECT_EQ(inbound_[0].parsed.status, 400);
  EXPECT_EQ(client.received().rfind("SIP/2.0 400 Content-Length missing on a stream\r\n", 0), 0u)
      << client.received();
  EXPECT_EQ(layer_->counters().unframeable, 1u);
}

TEST_F(SipTransportLayerTest, TcpPingGetsPong) {
  Start();
  TcpPeer client(TcpAddr());
  ASSERT_TRUE(client.Send("\r\n\r\n"));
  ASSERT_TRUE(RunUntil(*loop_, [&] {
    client.Poll();
    return client.received() == "\r\n";
  }));
  EXPECT_EQ(layer_->counters().keepalives, 1u);
  ASSERT_TRUE(client.Send(Options("TCP", "127.0.0.1:5070")));
  ASSERT_TRUE(WaitInbound(1));
  EXPECT_FALSE(client.closed());
}

TEST_F(SipTransportLayerTest, TcpPeerThatStopsReadingIsCutOff) {
  SipTransportLimits limits;
  limits.max_output_bytes_per_connection = 64 * 1024;
  Start({"127.0.0.1:0"}, SipOptions{}, limits);
  TcpPeer sink(TcpAddr(), /*rcvbuf_bytes=*/4096);
  ASSERT_TRUE(sink.Send(Options("TCP", "127.0.0.1:5070")));
  ASSERT_TRUE(WaitInbound(1));
  SipPeer peer = inbound_[0].from;
  std::string chunk =
      Options("TCP", TcpAddr().ToString(), "", "z9hG4bKflood", std::string(16 * 1024, 'y'));
  bool cut = false;
  for (int i = 0; i < 2000 && !cut; ++i) {
    cut = !layer_->SendRequest(peer, chunk);
    loop_->RunOnce();
  }
  ASSERT_TRUE(cut);
  EXPECT_EQ(layer_->counters().tcp_output_overflows, 1u);
  EXPECT_FALSE(layer_->IsConnectionOpen(peer.connection_id));
  ASSERT_FALSE(transport_errors_.empty());  // the queued requests were lost
  EXPECT_EQ(transport_errors_[0].connection_id, peer.connection_id);
}

TEST_F(SipTransportLayerTest, ConnectionIdsAreNeverReused) {
  Start();
  std::vector<uint64_t> ids;
  for (int i = 0; i < 3; ++i) {
    TcpPeer client(TcpAddr());
    ASSERT_TRUE(client.Send(Options("TCP", "127.0.0.1:5070")));
    ASSERT_TRUE(WaitInbound(ids.size() + 1));
    ids.push_back(inbound_.back().from.connection_id);
    ASSERT_TRUE(layer_->CloseConnection(ids.back()));
    EXPECT_FALSE(layer_->CloseConnection(ids.back()));
  }
  EXPECT_LT(ids[0], ids[1]);
  EXPECT_LT(ids[1], ids[2]);
}

}  // namespace
}  // namespace chorus::b2bua
