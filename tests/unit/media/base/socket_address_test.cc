// Scenarios: IPv4/IPv6 parse with and without port, bracket forms, bad
// ports and hosts rejected, formatting round trip, equality and hashing.

#include "media/base/socket_address.h"

#include <gtest/gtest.h>

namespace chorus {
namespace {

TEST(SocketAddressTest, ParsesIpv4WithPort) {
  auto a = SocketAddress::Parse("127.0.0.1:5060");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->port(), 5060);
  EXPECT_FALSE(a->is_v6());
  EXPECT_EQ(a->ToString(), "127.0.0.1:5060");
}

TEST(SocketAddressTest, ParsesIpv6Forms) {
  auto a = SocketAddress::Parse("[::1]:5070");
  ASSERT_TRUE(a);
  EXPECT_TRUE(a->is_v6());
  EXPECT_EQ(a->port(), 5070);
  EXPECT_EQ(a->ToString(), "[::1]:5070");
  auto b = SocketAddress::Parse("2001:db8::10", 5060);
  ASSERT_TRUE(b);
  EXPECT_EQ(b->IpString(), "2001:db8::10");
  EXPECT_EQ(b->port(), 5060);
}

TEST(SocketAddressTest, DefaultPortOnlyWhenMissing) {
  auto a = SocketAddress::Parse("10.0.0.1", 5060);
  ASSERT_TRUE(a);
  EXPECT_EQ(a->port(), 5060);
  EXPECT_FALSE(SocketAddress::Parse("10.0.0.1"));
}

TEST(SocketAddressTest, RejectsGarbage) {
  EXPECT_FALSE(SocketAddress::Parse("example.com:5060"));
  EXPECT_FALSE(SocketAddress::Parse("1.2.3.4:"));
  EXPECT_FALSE(SocketAddress::Parse("1.2.3.4:70000"));
  EXPECT_FALSE(SocketAddress::Parse("1.2.3.4:50x"));
  EXPECT_FALSE(SocketAddress::Parse("[::1"));
  EXPECT_FALSE(SocketAddress::Parse("[::1]x"));
  EXPECT_FALSE(SocketAddress::Parse(""));
}

TEST(SocketAddressTest, EqualityAndHash) {
  auto a = *SocketAddress::Parse("127.0.0.1:1000");
  auto b = *SocketAddress::Parse("127.0.0.1:1000");
  auto c = *SocketAddress::Parse("127.0.0.1:1002");
  EXPECT_EQ(a, b);
  EXPECT_EQ(a.Hash(), b.Hash());
  EXPECT_NE(a, c);
  EXPECT_TRUE(a.SameIp(c));
}

}  // namespace
}  // namespace chorus
