// Scenarios (127.0.0.1 port 0 unless noted):
// - bind picks a port; datagrams round-trip with the sender's address;
// - an empty socket reports would-block;
// - a datagram larger than the buffer is reported truncated with its real
//   size;
// - IPv6 loopback round trip (skipped when the host has no ::1);
// - SO_RCVBUF is applied (Linux reports double the request); DSCP EF sets
//   IP_TOS to 0xB8;
// - binding a port in use gives kAlreadyExists; an unspecified address
//   gives kInvalidArgument; a moved-from socket is invalid.

#include "media/net/udp_socket.h"

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <netinet/ip.h>

#include <array>
#include <vector>

namespace chorus::media {
namespace {

SocketAddress Loopback(uint16_t port = 0) { return *SocketAddress::FromIp("127.0.0.1", port); }

TEST(UdpSocketTest, RoundTrip) {
  auto a = UdpSocket::Bind(Loopback());
  auto b = UdpSocket::Bind(Loopback());
  ASSERT_TRUE(a && b);
  EXPECT_NE(a->local_address().port(), 0);
  const std::vector<uint8_t> data = {1, 2, 3, 4, 5};
  ASSERT_EQ(a->SendTo(data, b->local_address()), IoStatus::kOk);
  std::array<uint8_t, 64> buf{};
  ReceivedDatagram got;
  IoStatus status = IoStatus::kWouldBlock;
  for (int i = 0; i < 1000 && status == IoStatus::kWouldBlock; ++i) {
    status = b->ReceiveFrom(buf, got);
  }
  ASSERT_EQ(status, IoStatus::kOk);
  EXPECT_EQ(got.size, 5u);
  EXPECT_EQ(got.wire_size, 5u);
  EXPECT_EQ(got.from, a->local_address());
  EXPECT_EQ(buf[4], 5);
  EXPECT_EQ(b->ReceiveFrom(buf, got), IoStatus::kWouldBlock);
}

TEST(UdpSocketTest, DetectsTruncation) {
  auto a = UdpSocket::Bind(Loopback());
  auto b = UdpSocket::Bind(Loopback());
  ASSERT_TRUE(a && b);
  std::vector<uint8_t> big(100, 7);
  ASSERT_EQ(a->SendTo(big, b->local_address()), IoStatus::kOk);
  std::array<uint8_t, 50> buf{};
  ReceivedDatagram got;
  IoStatus status = IoStatus::kWouldBlock;
  for (int i = 0; i < 1000 && status == IoStatus::kWouldBlock; ++i) {
    status = b->ReceiveFrom(buf, got);
  }
  EXPECT_EQ(status, IoStatus::kTruncated);
  EXPECT_EQ(got.size, 50u);
  EXPECT_EQ(got.wire_size, 100u);
}

TEST(UdpSocketTest, Ipv6Loopback) {
  auto addr = SocketAddress::FromIp("::1", 0);
  ASSERT_TRUE(addr);
  auto a = UdpSocket::Bind(*addr);
  if (!a) GTEST_SKIP() << a.error().message;
  auto b = UdpSocket::Bind(*addr);
  ASSERT_TRUE(b);
  EXPECT_TRUE(a->local_address().is_v6());
  const std::vector<uint8_t> data = {9};
  ASSERT_EQ(a->SendTo(data, b->local_address()), IoStatus::kOk);
  std::array<uint8_t, 8> buf{};
  ReceivedDatagram got;
  IoStatus status = IoStatus::kWouldBlock;
  for (int i = 0; i < 1000 && status == IoStatus::kWouldBlock; ++i) {
    status = b->ReceiveFrom(buf, got);
  }
  ASSERT_EQ(status, IoStatus::kOk);
  EXPECT_EQ(got.from, a->local_address());
}

TEST(UdpSocketTest, SocketOptions) {
  auto s = UdpSocket::Bind(Loopback(), {.receive_buffer_bytes = 65536, .dscp_ef = true});
  ASSERT_TRUE(s) << s.error().message;
  auto rcvbuf = s->ReceiveBufferBytes();
  ASSERT_TRUE(rcvbuf);
  EXPECT_GE(*rcvbuf, 65536);
  int tos = 0;
  socklen_t len = sizeof(tos);
  ASSERT_EQ(getsockopt(s->fd(), IPPROTO_IP, IP_TOS, &tos, &len), 0);
  EXPECT_EQ(tos, 0xB8);
}

TEST(UdpSocketTest, Errors) {
  auto a = UdpSocket::Bind(Loopback());
  ASSERT_TRUE(a);
  auto clash = UdpSocket::Bind(a->local_address());
  ASSERT_FALSE(clash);
  EXPECT_EQ(clash.error().code, ErrorCode::kAlreadyExists);
  EXPECT_NE(clash.error().message.find(a->local_address().ToString()), std::string::npos);

  auto none = UdpSocket::Bind(SocketAddress());
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().code, ErrorCode::kInvalidArgument);

  UdpSocket moved = std::move(*a);
  EXPECT_TRUE(moved.valid());
  EXPECT_FALSE(a->valid());
  EXPECT_FALSE(UdpSocket().valid());
}

}  // namespace
}  // namespace chorus::media
