#pragma once

// Test helpers for the transport tests: running an EventLoop until a
// condition holds (bounded by a deadline, pausing 1 ms between idle
// passes), and plain non-blocking loopback sockets playing the peer.

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <functional>
#include <string>
#include <string_view>
#include <thread>

#include "media/base/event_loop.h"
#include "media/base/socket_address.h"

namespace chorus::b2bua::loopback {

// Runs `loop` until `done()` or `timeout_ms` of wall time; returns whether
// done() held. done() is called once per pass, so it may have side effects
// (accepting, reading).
inline bool RunUntil(EventLoop& loop, const std::function<bool()>& done,
                     int64_t timeout_ms = 3000) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (true) {
    loop.RunOnce();
    if (done()) return true;
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
}

// Runs `loop` for `ms` of wall time.
inline void RunFor(EventLoop& loop, int64_t ms) {
  (void)RunUntil(
      loop, [] { return false; }, ms);
}

inline SocketAddress Addr(std::string_view text) { return *SocketAddress::Parse(text); }

inline SocketAddress LocalOf(int fd) {
  sockaddr_storage ss{};
  socklen_t len = sizeof(ss);
  getsockname(fd, reinterpret_cast<sockaddr*>(&ss), &len);
  return SocketAddress::FromSockaddr(reinterpret_cast<sockaddr*>(&ss), len);
}

inline bool Ipv6LoopbackWorks() {
  int fd = socket(AF_INET6, SOCK_DGRAM, 0);
  if (fd < 0) return false;
  SocketAddress a = Addr("[::1]:0");
  bool ok = bind(fd, a.sockaddr_ptr(), a.sockaddr_len()) == 0;
  close(fd);
  return ok;
}

class Fd {
 public:
  Fd() = default;
  explicit Fd(int fd) : fd_(fd) {}
  Fd(Fd&& o) noexcept : fd_(o.fd_) { o.fd_ = -1; }
  Fd& operator=(Fd&& o) noexcept {
    if (this != &o) {
      if (fd_ >= 0) close(fd_);
      fd_ = o.fd_;
      o.fd_ = -1;
    }
    return *this;
  }
  ~Fd() {
    if (fd_ >= 0) close(fd_);
  }
  int get() const { return fd_; }
  void Reset() {
    if (fd_ >= 0) close(fd_);
    fd_ = -1;
  }

 private:
  int fd_ = -1;
};

// A UDP socket on loopback (port 0), non-blocking.
class UdpPeer {
 public:
  explicit UdpPeer(std::string_view bind_to = "127.0.0.1:0") {
    SocketAddress a = Addr(bind_to);
    fd_ = Fd(socket(a.family(), SOCK_DGRAM | SOCK_NONBLOCK, 0));
    bind(fd_.get(), a.sockaddr_ptr(), a.sockaddr_len());
    address_ = LocalOf(fd_.get());
  }
  const SocketAddress& address() const { return address_; }
  bool SendTo(const SocketAddress& to, std::string_view bytes) {
    return sendto(fd_.get(), bytes.data(), bytes.size(), 0, to.sockaddr_ptr(), to.sockaddr_len()) ==
           static_cast<ssize_t>(bytes.size());
  }
  // One datagram if any is waiting.
  bool TryReceive(std::string* out, SocketAddress* from = nullptr) {
    char buf[70000];
    sockaddr_storage ss{};
    socklen_t len = sizeof(ss);
    ssize_t n = recvfrom(fd_.get(), buf, sizeof(buf), 0, reinterpret_cast<sockaddr*>(&ss), &len);
    if (n < 0) return false;
    out->assign(buf, static_cast<size_t>(n));
    if (from != nullptr) *from = SocketAddress::FromSockaddr(reinterpret_cast<sockaddr*>(&ss), len);
    return true;
  }

 private:
  Fd fd_;
  SocketAddress address_;
};

// A TCP client connected (blocking connect, then non-blocking) to `to`.
class TcpPeer {
 public:
  TcpPeer() = default;
  explicit TcpPeer(const SocketAddress& to, int rcvbuf_bytes = 0) {
    fd_ = Fd(socket(to.family(), SOCK_STREAM, 0));
    if (rcvbuf_bytes > 0) {
      setsockopt(fd_.get(), SOL_SOCKET, SO_RCVBUF, &rcvbuf_bytes, sizeof(rcvbuf_bytes));
    }
    connected_ = connect(fd_.get(), to.sockaddr_ptr(), to.sockaddr_len()) == 0;
    fcntl(fd_.get(), F_SETFL, O_NONBLOCK);
    int one = 1;
    setsockopt(fd_.get(), IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    address_ = LocalOf(fd_.get());
  }
  static TcpPeer Adopt(int fd) {
    TcpPeer p;
    p.fd_ = Fd(fd);
    fcntl(fd, F_SETFL, O_NONBLOCK);
    p.connected_ = true;
    p.address_ = LocalOf(fd);
    return p;
  }
  bool connected() const { return connected_; }
  const SocketAddress& address() const { return address_; }
  bool Send(std::string_view bytes) {
    while (!bytes.empty()) {
      ssize_t n = send(fd_.get(), bytes.data(), bytes.size(), MSG_NOSIGNAL);
      if (n <= 0) return false;
      bytes.remove_prefix(static_cast<size_t>(n));
    }
    return true;
  }
  // Reads what is available into received(); notes EOF / reset.
  void Poll() {
    char buf[8192];
    while (true) {
      ssize_t n = recv(fd_.get(), buf, sizeof(buf), 0);
      if (n > 0) {
        received_.append(buf, static_cast<size_t>(n));
        continue;
      }
      if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK)) closed_ = true;
      return;
    }
  }
  std::string& received() { return received_; }
  bool closed() const { return closed_; }
  void Close() { fd_.Reset(); }

 private:
  Fd fd_;
  SocketAddress address_;
  std::string received_;
  bool connected_ = false;
  bool closed_ = false;
};

// A listening TCP socket on loopback for outbound-connect tests.
class TcpServer {
 public:
  // With backlog 0 the kernel queues one connection and drops later SYNs,
  // so further connects hang: a local stand-in for an unreachable host.
  explicit TcpServer(int backlog = 16) {
    SocketAddress a = Addr("127.0.0.1:0");
    fd_ = Fd(socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0));
    bind(fd_.get(), a.sockaddr_ptr(), a.sockaddr_len());
    listen(fd_.get(), backlog);
    address_ = LocalOf(fd_.get());
  }
  const SocketAddress& address() const { return address_; }
  bool TryAccept(TcpPeer* out) {
    int fd = accept(fd_.get(), nullptr, nullptr);
    if (fd < 0) return false;
    *out = TcpPeer::Adopt(fd);
    return true;
  }

 private:
  Fd fd_;
  SocketAddress address_;
};

// A loopback port nobody listens on (bound, then closed).
inline SocketAddress UnusedTcpPort() {
  TcpServer s;
  return s.address();
}

}  // namespace chorus::b2bua::loopback
