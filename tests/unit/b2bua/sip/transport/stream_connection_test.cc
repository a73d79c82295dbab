// StreamConnection over a socketpair (no network) and loopback TCP.
// Scenarios:
// - several messages and a CRLFCRLF ping in one write: each message goes to
//   the owner, the ping is answered with CRLF (RFC 5626 3.5.1);
// - a framing error: the owner sees it, may still answer, then the
//   connection flushes, sends FIN, discards input and closes on the peer's
//   EOF (RFC 3261 18.3), or after linger_ms without it;
// - the peer closing: kEof; no traffic: kIdle after idle_timeout_ms;
// - output beyond max_output_bytes closes the connection (kOutputOverflow);
//   writes after closing fail;
// - close-after-flush towards a peer that does not read gives up after
//   linger_ms;
// - outbound: connects and reports OnStreamConnected with the local
//   address; a refused connect is kConnectFailed with the queued bytes; a
//   connect that hangs (SYNs dropped by a full accept queue) times out;
// - TLS bufferevents are not implemented yet.

#include "b2bua/sip/transport/stream_connection.h"

#include <gtest/gtest.h>
#include <sys/socket.h>

#include <string>
#include <vector>

#include "b2bua/sip/transport/socket_util.h"
#include "tests/unit/b2bua/sip/transport/loopback_test_util.h"

namespace chorus::b2bua {
namespace {

using loopback::RunUntil;
using loopback::TcpPeer;
using CloseReason = StreamConnection::CloseReason;

class FakeOwner : public StreamConnection::Owner {
 public:
  void OnStreamConnected(StreamConnection&) override { ++connected; }
  void OnStreamFrame(StreamConnection& conn, const StreamFramer::Frame& frame) override {
    frames.emplace_back(frame.kind, std::string(frame.bytes));
    if (answer_framing_errors && frame.kind != StreamFramer::FrameKind::kMessage) {
      EXPECT_TRUE(conn.Write("SIP/2.0 400 Bad Request\r\n\r\n"));
    }
  }
  void OnStreamClosed(StreamConnection&, CloseReason r, int e, size_t unsent) override {
    closed = true;
    reason = r;
    error = e;
    unsent_bytes = unsent;
  }

  int connected = 0;
  std::vector<std::pair<StreamFramer::FrameKind, std::string>> frames;
  bool answer_framing_errors = false;
  bool closed = false;
  CloseReason reason = CloseReason::kRequested;
  int error = 0;
  size_t unsent_bytes = 0;
};

std::string Message(std::string_view branch, std::string_view body = "") {
  return "OPTIONS sip:a@b SIP/2.0\r\nVia: SIP/2.0/TCP h;branch=" + std::string(branch) +
         "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + std::string(body);
}

class StreamConnectionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    loop_ = EventLoop::Create().value();
    int fds[2];
    ASSERT_EQ(socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, fds), 0);
    ours_ = fds[0];
    peer_ = TcpPeer::Adopt(fds[1]);
  }
  void Open(StreamConnection::Options options = {}) {
    auto conn =
        StreamConnection::Create(*loop_, ScopedFd(ours_), 7, Transport::kTcp, StreamRole::kAccepted,
                                 SocketAddress(), options, owner_, counters_);
    ASSERT_TRUE(conn) << conn.error().message;
    conn_ = std::move(*conn);
  }
  bool WaitClosed() {
    return RunUntil(*loop_, [&] { return owner_.closed; });
  }

  std::unique_ptr<EventLoop> loop_;
  int ours_ = -1;
  TcpPeer peer_;
  FakeOwner owner_;
  SipTransportCounters counters_;
  std::unique_ptr<StreamConnection> conn_;
};

TEST_F(StreamConnectionTest, MessagesAndPingInOneWrite) {
  Open();
  EXPECT_EQ(conn_->state(), StreamConnection::State::kOpen);
  EXPECT_EQ(conn_->peer().connection_id, 7u);
  std::string bytes = Message("z9hG4bK1", "abc") + "\r\n\r\n" + Message("z9hG4bK2");
  ASSERT_TRUE(peer_.Send(bytes));
  ASSERT_TRUE(RunUntil(*loop_, [&] {
    peer_.Poll();
    return owner_.frames.size() == 2 && peer_.received() == "\r\n";
  }));
  EXPECT_EQ(owner_.frames[0].second, Message("z9hG4bK1", "abc"));
  EXPECT_EQ(owner_.frames[1].second, Message("z9hG4bK2"));
  EXPECT_EQ(counters_.keepalives, 1u);
  EXPECT_EQ(counters_.tcp_bytes_in, bytes.size());
  EXPECT_EQ(counters_.tcp_bytes_out, 2u);
  EXPECT_FALSE(owner_.closed);
}

TEST_F(StreamConnectionTest, FramingErrorIsAnsweredThenClosed) {
  Open();
  owner_.answer_framing_errors = true;
  // More input follows the bad message: it must not turn the close into a
  // reset that could destroy the answer.
  ASSERT_TRUE(peer_.Send("OPTIONS sip:a@b SIP/2.0\r\nVia: SIP/2.0/TCP h\r\n\r\nbody"));
  ASSERT_TRUE(RunUntil(*loop_, [&] {
    peer_.Poll();
    return peer_.closed();  // our FIN
  }));
  EXPECT_EQ(peer_.received(), "SIP/2.0 400 Bad Request\r\n\r\n");
  ASSERT_EQ(owner_.frames.size(), 1u);
  EXPECT_EQ(owner_.frames[0].first, StreamFramer::FrameKind::kUnframeable);
  EXPECT_EQ(conn_->state(), StreamConnection::State::kClosing);
  ASSERT_TRUE(peer_.Send("ignored while closing"));
  peer_.Close();  // the peer's EOF completes the close
  ASSERT_TRUE(WaitClosed());
  EXPECT_EQ(owner_.reason, CloseReason::kFraming);
  EXPECT_EQ(owner_.unsent_bytes, 0u);
  EXPECT_EQ(owner_.frames.size(), 1u);
}

TEST_F(StreamConnectionTest, LingeringCloseEndsWithoutThePeersEof) {
  StreamConnection::Options options;
  options.linger_ms = 30;
  Open(options);
  ASSERT_TRUE(conn_->Write("bye"));
  conn_->CloseAfterFlush(CloseReason::kRequested);
  ASSERT_TRUE(WaitClosed());
  EXPECT_EQ(owner_.reason, CloseReason::kRequested);  // flushed: not a linger failure
  peer_.Poll();
  EXPECT_EQ(peer_.received(), "bye");
}

TEST_F(StreamConnectionTest, PeerCloseIsEof) {
  Open();
  peer_.Close();
  ASSERT_TRUE(WaitClosed());
  EXPECT_EQ(owner_.reason, CloseReason::kEof);
  EXPECT_EQ(conn_->state(), StreamConnection::State::kClosed);
  auto w = conn_->Write("x");
  ASSERT_FALSE(w);
  EXPECT_EQ(w.error().code, ErrorCode::kUnavailable);
}

TEST_F(StreamConnectionTest, IdleTimeout) {
  StreamConnection::Options options;
  options.idle_timeout_ms = 40;
  Open(options);
  ASSERT_TRUE(WaitClosed());
  EXPECT_EQ(owner_.reason, CloseReason::kIdle);
  EXPECT_EQ(counters_.tcp_idle_closes, 1u);
}

TEST_F(StreamConnectionTest, OutputOverflowCloses) {
  StreamConnection::Options options;
  options.max_output_bytes = 1000;
  Open(options);
  ASSERT_TRUE(conn_->Write(std::string(600, 'a')));
  auto w = conn_->Write(std::string(600, 'b'));
  ASSERT_FALSE(w);
  EXPECT_EQ(w.error().code, ErrorCode::kExhausted);
  EXPECT_TRUE(owner_.closed);
  EXPECT_EQ(owner_.reason, CloseReason::kOutputOverflow);
  EXPECT_EQ(owner_.unsent_bytes, 600u);  // nothing went out yet: the loop did not run
  EXPECT_EQ(counters_.tcp_output_overflows, 1u);
}

TEST_F(StreamConnectionTest, CloseAfterFlushGivesUpOnAPeerThatDoesNotRead) {
  StreamConnection::Options options;
  options.max_output_bytes = 8 << 20;
  options.linger_ms = 30;
  Open(options);
  ASSERT_TRUE(conn_->Write(std::string(4 << 20, 'z')));
  conn_->CloseAfterFlush(CloseReason::kRequested);
  EXPECT_EQ(conn_->state(), StreamConnection::State::kClosing);
  EXPECT_FALSE(conn_->Write("more"));
  ASSERT_TRUE(WaitClosed());
  EXPECT_EQ(owner_.reason, CloseReason::kLingerTimeout);
  EXPECT_GT(owner_.unsent_bytes, 0u);
}

TEST(StreamConnectionOutboundTest, ConnectsAndReportsTheLocalAddress) {
  auto loop = EventLoop::Create().value();
  loopback::TcpServer server;
  FakeOwner owner;
  SipTransportCounters counters;
  auto fd = StartTcpConnect(server.address());
  ASSERT_TRUE(fd);
  auto conn =
      StreamConnection::Create(*loop, std::move(*fd), 1, Transport::kTcp, StreamRole::kOutbound,
                               server.address(), {}, owner, counters);
  ASSERT_TRUE(conn);
  EXPECT_EQ((*conn)->state(), StreamConnection::State::kConnecting);
  ASSERT_TRUE((*conn)->Write(Message("z9hG4bKq")));  // queued until connected
  TcpPeer far;
  ASSERT_TRUE(RunUntil(*loop, [&] { return owner.connected == 1 && server.TryAccept(&far); }));
  EXPECT_EQ((*conn)->state(), StreamConnection::State::kOpen);
  EXPECT_EQ((*conn)->local().IpString(), "127.0.0.1");
  EXPECT_NE((*conn)->local().port(), 0);
  ASSERT_TRUE(RunUntil(*loop, [&] {
    far.Poll();
    return far.received() == Message("z9hG4bKq");
  }));
}

TEST(StreamConnectionOutboundTest, RefusedConnect) {
  auto loop = EventLoop::Create().value();
  SocketAddress nobody = loopback::UnusedTcpPort();
  FakeOwner owner;
  SipTransportCounters counters;
  auto fd = StartTcpConnect(nobody);
  ASSERT_TRUE(fd);
  auto conn = StreamConnection::Create(*loop, std::move(*fd), 1, Transport::kTcp,
                                       StreamRole::kOutbound, nobody, {}, owner, counters);
  ASSERT_TRUE(conn);
  ASSERT_TRUE((*conn)->Write("queued"));
  ASSERT_TRUE(RunUntil(*loop, [&] { return owner.closed; }));
  EXPECT_EQ(owner.reason, CloseReason::kConnectFailed);
  EXPECT_EQ(owner.error, ECONNREFUSED);
  EXPECT_EQ(owner.unsent_bytes, 6u);
  EXPECT_EQ(owner.connected, 0);
}

TEST(StreamConnectionOutboundTest, ConnectTimeout) {
  auto loop = EventLoop::Create().value();
  loopback::TcpServer server(/*backlog=*/0);
  TcpPeer queued(server.address());  // fills the accept queue; never accepted
  ASSERT_TRUE(queued.connected());
  FakeOwner owner;
  SipTransportCounters counters;
  StreamConnection::Options options;
  options.connect_timeout_ms = 50;
  auto fd = StartTcpConnect(server.address());
  ASSERT_TRUE(fd);
  auto conn =
      StreamConnection::Create(*loop, std::move(*fd), 1, Transport::kTcp, StreamRole::kOutbound,
                               server.address(), options, owner, counters);
  ASSERT_TRUE(conn);
  int64_t start_ms = loop->NowMs();
  ASSERT_TRUE(RunUntil(*loop, [&] { return owner.closed; }));
  EXPECT_EQ(owner.reason, CloseReason::kConnectFailed);
  EXPECT_EQ(owner.error, ETIMEDOUT);
  EXPECT_GE(loop->NowMs() - start_ms, 45);
}

TEST(StreamConnectionTlsTest, NotImplementedYet) {
  auto loop = EventLoop::Create().value();
  ScopedFd fd(socket(AF_INET, SOCK_STREAM, 0));
  auto bev = NewStreamBufferevent(loop->base(), fd, Transport::kTls, StreamRole::kAccepted);
  ASSERT_FALSE(bev);
  EXPECT_EQ(bev.error().code, ErrorCode::kUnsupported);
  EXPECT_TRUE(fd.valid());  // still ours
}

}  // namespace
}  // namespace chorus::b2bua
