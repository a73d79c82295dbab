// TcpListener on loopback. Scenarios: an accepted connection reaches
// on_accept with a usable socket and the client's address; the listener
// reports its bound address.

#include "b2bua/sip/transport/tcp_listener.h"

#include <gtest/gtest.h>

#include <vector>

#include "b2bua/sip/transport/socket_util.h"
#include "tests/unit/b2bua/sip/transport/loopback_test_util.h"

namespace chorus::b2bua {
namespace {

TEST(TcpListenerTest, AcceptsWithTheClientAddress) {
  auto loop = EventLoop::Create().value();
  auto fd = OpenTcpListenSocket(loopback::Addr("127.0.0.1:0"), 16);
  ASSERT_TRUE(fd);
  std::vector<ScopedFd> accepted;
  std::vector<SocketAddress> remotes;
  auto listener = TcpListener::Create(
      loop->base(), std::move(*fd),
      [&](ScopedFd s, const SocketAddress& remote) {
        accepted.push_back(std::move(s));
        remotes.push_back(remote);
      },
      [](int) {});
  ASSERT_TRUE(listener) << listener.error().message;
  SocketAddress local = (*listener)->local_address();
  EXPECT_EQ(local.IpString(), "127.0.0.1");
  ASSERT_NE(local.port(), 0);
  loopback::TcpPeer client(local);
  ASSERT_TRUE(client.connected());
  ASSERT_TRUE(loopback::RunUntil(*loop, [&] { return accepted.size() == 1; }));
  EXPECT_EQ(remotes[0], client.address());
  ASSERT_TRUE(accepted[0].valid());
  EXPECT_EQ(send(accepted[0].get(), "hi", 2, MSG_NOSIGNAL), 2);
  ASSERT_TRUE(loopback::RunUntil(*loop, [&] {
    client.Poll();
    return client.received() == "hi";
  }));
}

}  // namespace
}  // namespace chorus::b2bua
