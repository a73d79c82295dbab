// Socket helpers. Scenarios:
// - keep-alive datagrams: empty, CR/LF only, one to four NULs; anything
//   else (five NULs, text, CRLF around text) is a message;
// - listening on an address in use fails with kAlreadyExists and a
//   message naming the address; the bound port is readable after port 0;
// - IPv6 listeners are IPV6_V6ONLY: IPv4 can take the same port;
// - a connect to a non-address fails at once.

#include "b2bua/sip/transport/socket_util.h"

#include <gtest/gtest.h>

#include "tests/unit/b2bua/sip/transport/loopback_test_util.h"

namespace chorus::b2bua {
namespace {

using loopback::Addr;

TEST(SocketUtilTest, KeepAliveDatagrams) {
  EXPECT_TRUE(IsKeepAliveDatagram(""));
  EXPECT_TRUE(IsKeepAliveDatagram("\r\n"));
  EXPECT_TRUE(IsKeepAliveDatagram("\r\n\r\n"));
  EXPECT_TRUE(IsKeepAliveDatagram("\n"));
  EXPECT_TRUE(IsKeepAliveDatagram(std::string_view("\0", 1)));
  EXPECT_TRUE(IsKeepAliveDatagram(std::string_view("\0\0\0\0", 4)));
  EXPECT_FALSE(IsKeepAliveDatagram(std::string_view("\0\0\0\0\0", 5)));
  EXPECT_FALSE(IsKeepAliveDatagram("\r\nOPTIONS\r\n"));
  EXPECT_FALSE(IsKeepAliveDatagram(" "));
}

TEST(SocketUtilTest, AddressInUse) {
  auto first = OpenTcpListenSocket(Addr("127.0.0.1:0"), 8);
  ASSERT_TRUE(first);
  SocketAddress bound = LocalAddressOf(first->get());
  ASSERT_NE(bound.port(), 0);
  auto second = OpenTcpListenSocket(bound, 8);
  ASSERT_FALSE(second);
  EXPECT_EQ(second.error().code, ErrorCode::kAlreadyExists);
  EXPECT_EQ(second.error().message, bound.ToString() + ": Address already in use");
}

TEST(SocketUtilTest, Ipv6IsV6Only) {
  if (!loopback::Ipv6LoopbackWorks()) GTEST_SKIP() << "no IPv6 on this host";
  auto v6 = OpenTcpListenSocket(Addr("[::]:0"), 8);
  ASSERT_TRUE(v6) << v6.error().message;
  SocketAddress v4 = Addr("0.0.0.0:0");
  v4.set_port(LocalAddressOf(v6->get()).port());
  auto same_port = OpenTcpListenSocket(v4, 8);
  EXPECT_TRUE(same_port) << same_port.error().message;
}

TEST(SocketUtilTest, ConnectWithoutAddressFails) {
  auto r = StartTcpConnect(SocketAddress());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace chorus::b2bua
