#pragma once

// SocketAddress: an IPv4 or IPv6 address and port, copyable, hashable.
// Parses "1.2.3.4:5060", "[::1]:5060", and host-only forms with a default port.

#include <netinet/in.h>
#include <sys/socket.h>

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "media/base/result.h"

namespace chorus {

class SocketAddress {
 public:
  SocketAddress() = default;

  // "host:port" or "[v6]:port". `default_port` is used when no port is given
  // (pass -1 to require one). Only numeric hosts: no DNS on our threads.
  static Result<SocketAddress> Parse(std::string_view text, int default_port = -1);
  // Numeric IP literal (v4, or v6 with or without brackets) and a port.
  static Result<SocketAddress> FromIp(std::string_view ip, uint16_t port);
  static SocketAddress FromSockaddr(const sockaddr* sa, socklen_t len);

  bool valid() const { return storage_.ss_family == AF_INET || storage_.ss_family == AF_INET6; }
  int family() const { return storage_.ss_family; }
  bool is_v6() const { return storage_.ss_family == AF_INET6; }
  uint16_t port() const;
  void set_port(uint16_t port);

  const sockaddr* sockaddr_ptr() const { return reinterpret_cast<const sockaddr*>(&storage_); }
  socklen_t sockaddr_len() const;

  // "1.2.3.4" or "::1" (no brackets).
  std::string IpString() const;
  // "1.2.3.4:5060" or "[::1]:5060".
  std::string ToString() const;
  // Same IP (ignores port).
  bool SameIp(const SocketAddress& other) const;

  bool operator==(const SocketAddress& other) const;
  bool operator!=(const SocketAddress& other) const { return !(*this == other); }
  size_t Hash() const;

 private:
  sockaddr_storage storage_{};
};

struct SocketAddressHash {
  size_t operator()(const SocketAddress& a) const { return a.Hash(); }
};

}  // namespace chorus
