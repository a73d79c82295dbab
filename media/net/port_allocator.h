#pragma once

// PortAllocator: hands out RTP/RTCP port pairs from the configured range
// (RtpOptions port_min..port_max): an even RTP port and RTCP on the next
// odd one (RFC 3550 11). The pair is always reserved, also for streams
// that will multiplex RTCP (RFC 5761), so a declined rtcp-mux offer still
// has its RTCP port. Both sockets are bound while allocating: a port that
// another process holds is skipped (and tried again later). Released pairs
// go to the back of a FIFO, so a just-freed port is reused last, when
// stray packets of the old call have stopped. No free pair left gives
// ErrorCode::kExhausted.
//
// Thread: NOT thread-safe. Used by the signalling thread only, which also
// destroys the leases (after moving the sockets to a media worker). The
// allocator must outlive its leases. Its ring is allocated at creation.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <thread>
#include <vector>

#include "media/base/result.h"
#include "media/net/udp_socket.h"
#include "media/rtp/rtp_options.h"

namespace chorus::media {

class PortAllocator;

// A reserved pair; gives the pair back when destroyed. Move-only.
class PortLease {
 public:
  PortLease(PortLease&& other) noexcept;
  PortLease& operator=(PortLease&& other) noexcept;
  PortLease(const PortLease&) = delete;
  PortLease& operator=(const PortLease&) = delete;
  ~PortLease();

  uint16_t rtp_port() const { return rtp_port_; }
  uint16_t rtcp_port() const { return static_cast<uint16_t>(rtp_port_ + 1); }
  // The bound sockets (the RTCP one is invalid when not requested).
  UdpSocket& rtp_socket() { return rtp_; }
  UdpSocket& rtcp_socket() { return rtcp_; }
  // Moves a socket out, e.g. to the media worker that will own it.
  UdpSocket TakeRtpSocket() { return std::move(rtp_); }
  UdpSocket TakeRtcpSocket() { return std::move(rtcp_); }

 private:
  friend class PortAllocator;
  PortLease(PortAllocator* owner, uint16_t rtp_port, UdpSocket rtp, UdpSocket rtcp)
      : owner_(owner), rtp_port_(rtp_port), rtp_(std::move(rtp)), rtcp_(std::move(rtcp)) {}
  void Release();

  PortAllocator* owner_;
  uint16_t rtp_port_;
  UdpSocket rtp_;
  UdpSocket rtcp_;
};

struct PortRequest {
  UdpSocketOptions socket;
  bool bind_rtcp = true;  // false: reserve the RTCP port without a socket
};

class PortAllocator {
 public:
  // Validates the range (port_min even and > 0, at least one pair) and the
  // address (IPv4 or IPv6). Errors name the "rtp" config keys.
  static Result<std::unique_ptr<PortAllocator>> Create(const RtpOptions& options);
  ~PortAllocator();
  PortAllocator(const PortAllocator&) = delete;
  PortAllocator& operator=(const PortAllocator&) = delete;

  Result<PortLease> Allocate(const PortRequest& request = {});

  size_t total_pairs() const { return ring_.size(); }
  size_t free_pairs() const { return count_; }
  size_t leased_pairs() const { return leased_; }
  // Ports found bound by someone else since creation.
  uint64_t skipped_in_use() const { return skipped_in_use_; }

 private:
  friend class PortLease;
  PortAllocator(const RtpOptions& options, std::vector<uint16_t> ring);
  void PushBack(uint16_t rtp_port);
  uint16_t PopFront();
  void Release(uint16_t rtp_port);

  SocketAddress address_;
  uint16_t port_min_;
  uint16_t port_max_;
  std::vector<uint16_t> ring_;  // FIFO of free even ports
  size_t head_ = 0;
  size_t count_ = 0;
  size_t leased_ = 0;
  uint64_t skipped_in_use_ = 0;
  std::thread::id owner_thread_;
};

}  // namespace chorus::media
