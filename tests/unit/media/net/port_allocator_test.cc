// Scenarios (on 127.0.0.1, in a port range found free at test start):
// - config validation: odd or zero port_min, a range without a pair, an
//   unspecified address -> kInvalidArgument naming rtp.ports/rtp.address;
// - a lease is an even RTP port with RTCP on +1, both sockets bound there;
// - FIFO reuse: with pairs P0 P1 P2, lease P0 P1, release P0: next is P2,
//   then P0;
// - exhaustion -> kExhausted; a released pair makes allocation work again;
// - a port held by another socket is skipped, counted, and retried later;
// - bind_rtcp = false reserves the pair without an RTCP socket;
// - moved leases release once; sockets taken out stay open.

#include "media/net/port_allocator.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <optional>
#include <vector>

namespace chorus::media {
namespace {

SocketAddress Loopback() { return *SocketAddress::FromIp("127.0.0.1", 0); }

// First even base in a pid-dependent spot below the ephemeral range whose
// 2 * pairs ports are all free right now.
uint16_t FindFreeRange(int pairs) {
  for (int attempt = 0; attempt < 200; ++attempt) {
    const int base = 20000 + ((getpid() * 37 + attempt * 101) % 4000) * 2;
    bool free = true;
    for (int p = base; p < base + 2 * pairs && free; ++p) {
      SocketAddress a = Loopback();
      a.set_port(static_cast<uint16_t>(p));
      auto s = UdpSocket::Bind(a);
      free = s.has_value();
    }
    if (free) return static_cast<uint16_t>(base);
  }
  ADD_FAILURE() << "no free port range";
  return 20000;
}

std::unique_ptr<PortAllocator> Make(uint16_t base, int pairs) {
  RtpOptions o;
  o.address = Loopback();
  o.port_min = base;
  o.port_max = static_cast<uint16_t>(base + 2 * pairs - 1);
  auto a = PortAllocator::Create(o);
  EXPECT_TRUE(a) << a.error().message;
  return std::move(a).value();
}

TEST(PortAllocatorTest, ValidatesConfig) {
  RtpOptions o;
  o.address = Loopback();
  o.port_min = 30001;
  o.port_max = 30999;
  auto odd = PortAllocator::Create(o);
  ASSERT_FALSE(odd);
  EXPECT_EQ(odd.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(odd.error().message.find("rtp.ports"), std::string::npos);
  o.port_min = 0;
  EXPECT_FALSE(PortAllocator::Create(o));
  o.port_min = 30000;
  o.port_max = 30000;
  EXPECT_FALSE(PortAllocator::Create(o));
  o.port_max = 30001;
  o.address = SocketAddress();
  auto addr = PortAllocator::Create(o);
  ASSERT_FALSE(addr);
  EXPECT_NE(addr.error().message.find("rtp.address"), std::string::npos);
}

TEST(PortAllocatorTest, LeasesEvenOddPair) {
  const uint16_t base = FindFreeRange(2);
  auto alloc = Make(base, 2);
  EXPECT_EQ(alloc->total_pairs(), 2u);
  auto lease = alloc->Allocate();
  ASSERT_TRUE(lease) << lease.error().message;
  EXPECT_EQ(lease->rtp_port(), base);
  EXPECT_EQ(lease->rtcp_port(), base + 1);
  EXPECT_EQ(lease->rtp_socket().local_address().port(), base);
  EXPECT_EQ(lease->rtcp_socket().local_address().port(), base + 1);
  EXPECT_EQ(alloc->leased_pairs(), 1u);
  EXPECT_EQ(alloc->free_pairs(), 1u);
}

TEST(PortAllocatorTest, ReusesInFifoOrder) {
  const uint16_t base = FindFreeRange(3);
  auto alloc = Make(base, 3);
  std::optional<PortLease> p0(std::move(alloc->Allocate()).value());
  auto p1 = alloc->Allocate();
  ASSERT_TRUE(p1);
  EXPECT_EQ(p1->rtp_port(), base + 2);
  p0.reset();
  auto p2 = alloc->Allocate();
  ASSERT_TRUE(p2);
  EXPECT_EQ(p2->rtp_port(), base + 4);
  auto again = alloc->Allocate();
  ASSERT_TRUE(again);
  EXPECT_EQ(again->rtp_port(), base);
}

TEST(PortAllocatorTest, Exhaustion) {
  const uint16_t base = FindFreeRange(2);
  auto alloc = Make(base, 2);
  std::optional<PortLease> a(std::move(alloc->Allocate()).value());
  auto b = alloc->Allocate();
  ASSERT_TRUE(b);
  auto c = alloc->Allocate();
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().code, ErrorCode::kExhausted);
  EXPECT_NE(c.error().message.find(std::to_string(base)), std::string::npos);
  a.reset();
  EXPECT_TRUE(alloc->Allocate());
}

TEST(PortAllocatorTest, SkipsPortsInUse) {
  const uint16_t base = FindFreeRange(3);
  auto alloc = Make(base, 3);
  SocketAddress held = Loopback();
  held.set_port(static_cast<uint16_t>(base + 1));  // RTCP port of the first pair
  std::optional<UdpSocket> other(std::move(UdpSocket::Bind(held)).value());
  auto lease = alloc->Allocate();
  ASSERT_TRUE(lease);
  EXPECT_EQ(lease->rtp_port(), base + 2);
  EXPECT_EQ(alloc->skipped_in_use(), 1u);
  // The skipped pair went to the back and works once freed.
  other.reset();
  auto next = alloc->Allocate();
  ASSERT_TRUE(next);
  EXPECT_EQ(next->rtp_port(), base + 4);
  auto last = alloc->Allocate();
  ASSERT_TRUE(last);
  EXPECT_EQ(last->rtp_port(), base);
}

TEST(PortAllocatorTest, WithoutRtcpSocket) {
  const uint16_t base = FindFreeRange(1);
  auto alloc = Make(base, 1);
  auto lease = alloc->Allocate({.bind_rtcp = false});
  ASSERT_TRUE(lease);
  EXPECT_TRUE(lease->rtp_socket().valid());
  EXPECT_FALSE(lease->rtcp_socket().valid());
  EXPECT_FALSE(alloc->Allocate());  // the pair stays reserved
}

TEST(PortAllocatorTest, MovedLeaseReleasesOnceAndTakenSocketsStayOpen) {
  const uint16_t base = FindFreeRange(2);
  auto alloc = Make(base, 2);
  UdpSocket taken;
  {
    auto lease = alloc->Allocate();
    ASSERT_TRUE(lease);
    PortLease moved = std::move(*lease);
    taken = moved.TakeRtpSocket();
    EXPECT_EQ(alloc->leased_pairs(), 1u);
  }
  EXPECT_EQ(alloc->leased_pairs(), 0u);
  EXPECT_EQ(alloc->free_pairs(), 2u);
  EXPECT_TRUE(taken.valid());
  EXPECT_EQ(taken.local_address().port(), base);
}

}  // namespace
}  // namespace chorus::media
