// UdpListener on loopback. Scenarios:
// - one wake-up reads at most `batch` datagrams (a flood cannot starve the
//   loop); the rest come on the next turns;
// - a datagram larger than read_bytes arrives cut, with its full size;
// - Send reaches the peer from the bound address; sending to the other
//   address family fails with a message naming both ends.

#include "b2bua/sip/transport/udp_listener.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/unit/b2bua/sip/transport/loopback_test_util.h"

namespace chorus::b2bua {
namespace {

using loopback::Addr;
using loopback::UdpPeer;

struct Got {
  std::string bytes;
  size_t full_size;
  SocketAddress from;
};

class UdpListenerTest : public ::testing::Test {
 protected:
  void Open(UdpListener::Options options) {
    loop_ = EventLoop::Create().value();
    auto socket = media::UdpSocket::Bind(Addr("127.0.0.1:0"));
    ASSERT_TRUE(socket);
    auto l = UdpListener::Create(
        loop_->base(), std::move(*socket), options,
        [this](UdpListener&, std::string_view b, size_t full, const SocketAddress& from) {
          got_.push_back(Got{std::string(b), full, from});
        });
    ASSERT_TRUE(l) << l.error().message;
    listener_ = std::move(*l);
  }
  std::unique_ptr<EventLoop> loop_;
  std::unique_ptr<UdpListener> listener_;
  std::vector<Got> got_;
};

TEST_F(UdpListenerTest, BatchBoundsOneWakeUp) {
  UdpListener::Options options;
  options.batch = 3;
  Open(options);
  UdpPeer peer;
  for (int i = 0; i < 10; ++i) ASSERT_TRUE(peer.SendTo(listener_->local_address(), "d"));
  loop_->RunOnce();
  EXPECT_EQ(got_.size(), 3u);
  loop_->RunOnce();
  EXPECT_EQ(got_.size(), 6u);
  ASSERT_TRUE(loopback::RunUntil(*loop_, [&] { return got_.size() == 10; }));
  EXPECT_EQ(got_[0].from, peer.address());
}

TEST_F(UdpListenerTest, LargeDatagramIsCutWithItsFullSize) {
  UdpListener::Options options;
  options.read_bytes = 100;
  Open(options);
  UdpPeer peer;
  ASSERT_TRUE(peer.SendTo(listener_->local_address(), std::string(500, 'x')));
  ASSERT_TRUE(loopback::RunUntil(*loop_, [&] { return got_.size() == 1; }));
  EXPECT_EQ(got_[0].bytes.size(), 100u);
  EXPECT_EQ(got_[0].full_size, 500u);
}

TEST_F(UdpListenerTest, SendFromTheBoundAddress) {
  Open(UdpListener::Options{});
  UdpPeer peer;
  ASSERT_TRUE(listener_->Send(peer.address(), "hello"));
  std::string out;
  SocketAddress from;
  ASSERT_TRUE(loopback::RunUntil(*loop_, [&] { return peer.TryReceive(&out, &from); }));
  EXPECT_EQ(out, "hello");
  EXPECT_EQ(from, listener_->local_address());
  auto v6 = listener_->Send(Addr("[::1]:5060"), "x");
  ASSERT_FALSE(v6);
  EXPECT_NE(v6.error().message.find("[::1]:5060"), std::string::npos);
}

}  // namespace
}  // namespace chorus::b2bua
