#include "b2bua/sip/transport/socket_util.h"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstring>
#include <string>

namespace chorus::b2bua {
namespace {

Error SysError(const SocketAddress& addr, std::string_view call, int err) {
  std::string what = addr.ToString() + ": ";
  if (!call.empty()) what.append(call).append(": ");
  what.append(strerror(err));
  // EADDRINUSE gets its own code: callers picking a free port retry on it.
  return MakeError(err == EADDRINUSE ? ErrorCode::kAlreadyExists : ErrorCode::kIo, std::move(what));
}

Result<ScopedFd> NewSocket(const SocketAddress& addr, int type) {
  if (!addr.valid()) {
    return MakeError(ErrorCode::kInvalidArgument, "no valid IPv4 or IPv6 address given");
  }
  ScopedFd fd(socket(addr.family(), type | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
  if (!fd.valid()) return SysError(addr, "socket", errno);
  if (addr.is_v6()) {
    int one = 1;
    if (setsockopt(fd.get(), IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one)) != 0) {
      return SysError(addr, "IPV6_V6ONLY", errno);
    }
  }
  return fd;
}

}  // namespace

Result<ScopedFd> OpenTcpListenSocket(const SocketAddress& local, int backlog) {
  auto fd = NewSocket(local, SOCK_STREAM);
  if (!fd) return fd.error();
  int one = 1;
  if (setsockopt(fd->get(), SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) != 0) {
    return SysError(local, "SO_REUSEADDR", errno);
  }
  if (bind(fd->get(), local.sockaddr_ptr(), local.sockaddr_len()) != 0) {
    return SysError(local, "", errno);
  }
  if (listen(fd->get(), backlog) != 0) return SysError(local, "listen", errno);
  return std::move(*fd);
}

Result<ScopedFd> StartTcpConnect(const SocketAddress& remote) {
  auto fd = NewSocket(remote, SOCK_STREAM);
  if (!fd) return fd.error();
  // SIP messages are small and latency matters more than segment count.
  int one = 1;
  (void)setsockopt(fd->get(), IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
  if (connect(fd->get(), remote.sockaddr_ptr(), remote.sockaddr_len()) != 0 &&
      errno != EINPROGRESS) {
    return SysError(remote, "connect", errno);
  }
  return std::move(*fd);
}

SocketAddress LocalAddressOf(int fd) {
  sockaddr_storage ss{};
  socklen_t len = sizeof(ss);
  if (getsockname(fd, reinterpret_cast<sockaddr*>(&ss), &len) != 0) return SocketAddress();
  return SocketAddress::FromSockaddr(reinterpret_cast<const sockaddr*>(&ss), len);
}

bool IsKeepAliveDatagram(std::string_view bytes) {
  if (bytes.empty()) return true;
  if (bytes.size() <= 4 && bytes.find_first_not_of('\0') == std::string_view::npos) return true;
  return bytes.find_first_not_of("\r\n") == std::string_view::npos;
}

}  // namespace chorus::b2bua
