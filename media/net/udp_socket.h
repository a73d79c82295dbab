#pragma once

// UdpSocket: a non-blocking UDP socket bound to a local address, move-only,
// closed on destruction. IPv4 or IPv6 (an IPv6 socket is v6-only, so "::"
// does not silently take IPv4 traffic too). SendTo/ReceiveFrom are the
// packet path: no allocation, no logging; ReceiveFrom reports datagrams
// larger than the buffer as truncated (the excess is lost).
//
// Owned and used by one thread at a time, whose event loop watches fd():
// RTP sockets are bound on the signalling thread (PortAllocator) and then
// moved to a media worker; SIP's UDP listeners stay on the signalling thread.

#include <cstddef>
#include <cstdint>
#include <span>

#include "media/base/result.h"
#include "media/base/socket_address.h"

namespace chorus::media {

struct UdpSocketOptions {
  // SO_RCVBUF in bytes; 0 keeps the system default.
  int receive_buffer_bytes = 0;
  // Marks outgoing packets DSCP EF (46, RFC 3246) for voice.
  bool dscp_ef = false;
};

enum class IoStatus : uint8_t {
  kOk,
  kWouldBlock,  // nothing to read / send buffer full: try on the next event
  kTruncated,   // datagram larger than the buffer; its head was received
  kError,       // see last_errno()
};

struct ReceivedDatagram {
  size_t size = 0;       // bytes placed in the buffer
  size_t wire_size = 0;  // size of the datagram as sent (> size if truncated)
  SocketAddress from;
};

class UdpSocket {
 public:
  // Binds `local` (port 0 picks a free port). Errors name the address and
  // the system error; EADDRINUSE maps to ErrorCode::kAlreadyExists.
  static Result<UdpSocket> Bind(const SocketAddress& local, const UdpSocketOptions& options = {});

  // An invalid socket (no descriptor).
  UdpSocket() = default;
  UdpSocket(UdpSocket&& other) noexcept;
  UdpSocket& operator=(UdpSocket&& other) noexcept;
  UdpSocket(const UdpSocket&) = delete;
  UdpSocket& operator=(const UdpSocket&) = delete;
  ~UdpSocket();

  int fd() const { return fd_; }
  bool valid() const { return fd_ >= 0; }
  const SocketAddress& local_address() const { return local_; }
  int last_errno() const { return last_errno_; }

  IoStatus SendTo(std::span<const uint8_t> data, const SocketAddress& to);
  IoStatus ReceiveFrom(std::span<uint8_t> buffer, ReceivedDatagram& out);

  // Set-up time (not the packet path).
  Result<void> SetReceiveBufferBytes(int bytes);
  Result<int> ReceiveBufferBytes() const;
  Result<void> SetDscpEf(bool enabled);

 private:
  UdpSocket(int fd, SocketAddress local) : fd_(fd), local_(local) {}
  void Close();

  int fd_ = -1;
  SocketAddress local_;
  int last_errno_ = 0;
};

}  // namespace chorus::media
