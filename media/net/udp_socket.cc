#include "media/net/udp_socket.h"

#include <netinet/in.h>
#include <netinet/ip.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string>
#include <utility>

namespace chorus::media {
namespace {

// DSCP EF (46) in the upper six bits of the TOS / traffic class octet.
constexpr int kTosEf = 46 << 2;

std::string Describe(const SocketAddress& address, const char* what, int err) {
  return "udp " + address.ToString() + ": " + what + ": " + strerror(err);
}

}  // namespace

Result<UdpSocket> UdpSocket::Bind(const SocketAddress& local, const UdpSocketOptions& options) {
  if (!local.valid()) {
    return MakeError(ErrorCode::kInvalidArgument, "udp: bind address is not IPv4 or IPv6");
  }
  const int fd = socket(local.family(), SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_UDP);
  if (fd < 0) return MakeError(ErrorCode::kIo, Describe(local, "socket", errno));
  UdpSocket sock(fd, local);
  if (local.is_v6()) {
    const int on = 1;
    if (setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof(on)) != 0) {
      return MakeError(ErrorCode::kIo, Describe(local, "IPV6_V6ONLY", errno));
    }
  }
  if (bind(fd, local.sockaddr_ptr(), local.sockaddr_len()) != 0) {
    const int err = errno;
    return MakeError(err == EADDRINUSE ? ErrorCode::kAlreadyExists : ErrorCode::kIo,
                     Describe(local, "bind", err));
  }
  sockaddr_storage bound{};
  socklen_t len = sizeof(bound);
  if (getsockname(fd, reinterpret_cast<sockaddr*>(&bound), &len) != 0) {
    return MakeError(ErrorCode::kIo, Describe(local, "getsockname", errno));
  }
  sock.local_ = SocketAddress::FromSockaddr(reinterpret_cast<const sockaddr*>(&bound), len);
  if (options.receive_buffer_bytes > 0) {
    auto r = sock.SetReceiveBufferBytes(options.receive_buffer_bytes);
    if (!r) return r.error();
  }
  if (options.dscp_ef) {
    auto r = sock.SetDscpEf(true);
    if (!r) return r.error();
  }
  return sock;
}

UdpSocket::UdpSocket(UdpSocket&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)), local_(other.local_), last_errno_(other.last_errno_) {}

UdpSocket& UdpSocket::operator=(UdpSocket&& other) noexcept {
  if (this != &other) {
    Close();
    fd_ = std::exchange(other.fd_, -1);
    local_ = other.local_;
    last_errno_ = other.last_errno_;
  }
  return *this;
}

UdpSocket::~UdpSocket() { Close(); }

void UdpSocket::Close() {
  if (fd_ >= 0) {
    ::close(fd_);
    fd_ = -1;
  }
}

IoStatus UdpSocket::SendTo(std::span<const uint8_t> data, const SocketAddress& to) {
  const ssize_t n =
      sendto(fd_, data.data(), data.size(), MSG_NOSIGNAL, to.sockaddr_ptr(), to.sockaddr_len());
  if (n >= 0) return IoStatus::kOk;
  last_errno_ = errno;
  if (last_errno_ == EAGAIN || last_errno_ == EWOULDBLOCK) return IoStatus::kWouldBlock;
  return IoStatus::kError;
}

IoStatus UdpSocket::ReceiveFrom(std::span<uint8_t> buffer, ReceivedDatagram& out) {
  sockaddr_storage from{};
  iovec iov{buffer.data(), buffer.size()};
  msghdr msg{};
  msg.msg_name = &from;
  msg.msg_namelen = sizeof(from);
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  // MSG_TRUNC makes Linux return the datagram's real length.
  const ssize_t n = recvmsg(fd_, &msg, MSG_TRUNC);
  if (n < 0) {
    last_errno_ = errno;
    if (last_errno_ == EAGAIN || last_errno_ == EWOULDBLOCK) return IoStatus::kWouldBlock;
    return IoStatus::kError;
  }
  out.wire_size = static_cast<size_t>(n);
  out.size = std::min(out.wire_size, buffer.size());
  out.from = SocketAddress::FromSockaddr(reinterpret_cast<const sockaddr*>(&from), msg.msg_namelen);
  if ((msg.msg_flags & MSG_TRUNC) != 0 || out.wire_size > buffer.size())
    return IoStatus::kTruncated;
  return IoStatus::kOk;
}

Result<void> UdpSocket::SetReceiveBufferBytes(int bytes) {
  if (setsockopt(fd_, SOL_SOCKET, SO_RCVBUF, &bytes, sizeof(bytes)) != 0) {
    return MakeError(ErrorCode::kIo, Describe(local_, "SO_RCVBUF", errno));
  }
  return Ok();
}

Result<int> UdpSocket::ReceiveBufferBytes() const {
  int bytes = 0;
  socklen_t len = sizeof(bytes);
  if (getsockopt(fd_, SOL_SOCKET, SO_RCVBUF, &bytes, &len) != 0) {
    return MakeError(ErrorCode::kIo, Describe(local_, "SO_RCVBUF", errno));
  }
  return bytes;
}

Result<void> UdpSocket::SetDscpEf(bool enabled) {
  const int tos = enabled ? kTosEf : 0;
  const int rc = local_.is_v6() ? setsockopt(fd_, IPPROTO_IPV6, IPV6_TCLASS, &tos, sizeof(tos))
                                : setsockopt(fd_, IPPROTO_IP, IP_TOS, &tos, sizeof(tos));
  if (rc != 0) return MakeError(ErrorCode::kIo, Describe(local_, "DSCP EF", errno));
  return Ok();
}

}  // namespace chorus::media
