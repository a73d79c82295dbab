#include "media/net/port_allocator.h"

#include <string>
#include <utility>

#include "media/base/check.h"

namespace chorus::media {

PortLease::PortLease(PortLease&& other) noexcept
    : owner_(std::exchange(other.owner_, nullptr)),
      rtp_port_(other.rtp_port_),
      rtp_(std::move(other.rtp_)),
      rtcp_(std::move(other.rtcp_)) {}

PortLease& PortLease::operator=(PortLease&& other) noexcept {
  if (this != &other) {
    Release();
    owner_ = std::exchange(other.owner_, nullptr);
    rtp_port_ = other.rtp_port_;
    rtp_ = std::move(other.rtp_);
    rtcp_ = std::move(other.rtcp_);
  }
  return *this;
}

PortLease::~PortLease() { Release(); }

void PortLease::Release() {
  if (owner_ == nullptr) return;
  // Close our sockets first so the ports are free when handed out again.
  rtp_ = UdpSocket();
  rtcp_ = UdpSocket();
  owner_->Release(rtp_port_);
  owner_ = nullptr;
}

Result<std::unique_ptr<PortAllocator>> PortAllocator::Create(const RtpOptions& options) {
  if (!options.address.valid()) {
    return MakeError(ErrorCode::kInvalidArgument, "rtp.address: not an IPv4 or IPv6 address");
  }
  const std::string range =
      std::to_string(options.port_min) + "-" + std::to_string(options.port_max);
  if (options.port_min == 0 || options.port_min % 2 != 0) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "rtp.ports: " + range + " must start at an even port above 0");
  }
  if (options.port_max <= options.port_min) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "rtp.ports: " + range + " holds no RTP/RTCP port pair");
  }
  std::vector<uint16_t> ring;
  for (uint32_t p = options.port_min; p + 1 <= options.port_max; p += 2) {
    ring.push_back(static_cast<uint16_t>(p));
  }
  return std::unique_ptr<PortAllocator>(new PortAllocator(options, std::move(ring)));
}

PortAllocator::PortAllocator(const RtpOptions& options, std::vector<uint16_t> ring)
    : address_(options.address),
      port_min_(options.port_min),
      port_max_(options.port_max),
      ring_(std::move(ring)),
      count_(ring_.size()),
      owner_thread_(std::this_thread::get_id()) {}

PortAllocator::~PortAllocator() {
  // A lease outliving its allocator would write into freed memory.
  CHORUS_CHECK(leased_ == 0);
}

uint16_t PortAllocator::PopFront() {
  CHORUS_DCHECK(count_ > 0);
  const uint16_t port = ring_[head_];
  head_ = (head_ + 1) % ring_.size();
  --count_;
  return port;
}

void PortAllocator::PushBack(uint16_t rtp_port) {
  CHORUS_CHECK(count_ < ring_.size());
  ring_[(head_ + count_) % ring_.size()] = rtp_port;
  ++count_;
}

Result<PortLease> PortAllocator::Allocate(const PortRequest& request) {
  CHORUS_DCHECK(std::this_thread::get_id() == owner_thread_);
  // Each free pair is tried at most once per call.
  size_t in_use = 0;
  for (size_t attempts = count_; attempts > 0; --attempts) {
    const uint16_t port = PopFront();
    SocketAddress rtp_address = address_;
    rtp_address.set_port(port);
    auto rtp = UdpSocket::Bind(rtp_address, request.socket);
    Result<UdpSocket> rtcp = MakeError(ErrorCode::kInternal, "not bound");
    if (rtp && request.bind_rtcp) {
      SocketAddress rtcp_address = address_;
      rtcp_address.set_port(static_cast<uint16_t>(port + 1));
      rtcp = UdpSocket::Bind(rtcp_address, request.socket);
    }
    const Error* failure = !rtp                           ? &rtp.error()
                           : (request.bind_rtcp && !rtcp) ? &rtcp.error()
                                                          : nullptr;
    if (failure != nullptr) {
      PushBack(port);
      if (failure->code == ErrorCode::kAlreadyExists) {
        ++skipped_in_use_;  // another process holds it: try the next pair
        ++in_use;
        continue;
      }
      return MakeError(failure->code, "rtp: cannot bind port pair " + std::to_string(port) + ": " +
                                          failure->message);
    }
    ++leased_;
    return PortLease(this, port, std::move(rtp).value(),
                     request.bind_rtcp ? std::move(rtcp).value() : UdpSocket());
  }
  return MakeError(ErrorCode::kExhausted, "rtp: no free port pair in " + std::to_string(port_min_) +
                                              "-" + std::to_string(port_max_) + " (" +
                                              std::to_string(leased_) + " leased, " +
                                              std::to_string(in_use) + " held by other processes)");
}

void PortAllocator::Release(uint16_t rtp_port) {
  CHORUS_DCHECK(std::this_thread::get_id() == owner_thread_);
  CHORUS_CHECK(leased_ > 0);
  --leased_;
  PushBack(rtp_port);
}

}  // namespace chorus::media
