#include "b2bua/sip/transport/udp_listener.h"

#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string>

#include "b2bua/sip/transport/socket_util.h"
#include "media/base/log.h"

namespace chorus::b2bua {

Result<std::unique_ptr<UdpListener>> UdpListener::Create(event_base* base, ScopedFd fd,
                                                         const Options& options,
                                                         OnDatagram on_datagram) {
  std::unique_ptr<UdpListener> listener(
      new UdpListener(std::move(fd), options, std::move(on_datagram)));
  if (!listener->local_.valid()) {
    return MakeError(ErrorCode::kIo, std::string("getsockname: ") + strerror(errno));
  }
  listener->event_.reset(event_new(base, listener->fd_.get(), EV_READ | EV_PERSIST,
                                   &UdpListener::OnReadable, listener.get()));
  if (!listener->event_ || event_add(listener->event_.get(), nullptr) != 0) {
    return MakeError(ErrorCode::kIo, "UDP " + listener->local_.ToString() + ": event_add failed");
  }
  return listener;
}

UdpListener::UdpListener(ScopedFd fd, const Options& options, OnDatagram on_datagram)
    : fd_(std::move(fd)),
      local_(LocalAddressOf(fd_.get())),
      options_(options),
      on_datagram_(std::move(on_datagram)) {
  options_.read_bytes = std::clamp<size_t>(options_.read_bytes, 1, kMaxReadBytes);
  options_.batch = std::max(1, options_.batch);
  buffer_ = std::make_unique<char[]>(options_.read_bytes);
}

void UdpListener::OnReadable(evutil_socket_t, short, void* arg) {
  static_cast<UdpListener*>(arg)->ReadBatch();
}

void UdpListener::ReadBatch() {
  for (int i = 0; i < options_.batch; ++i) {
    sockaddr_storage from{};
    socklen_t from_len = sizeof(from);
    // MSG_TRUNC: the return value is the datagram's full size even when the
    // buffer took only part of it.
    ssize_t n = recvfrom(fd_.get(), buffer_.get(), options_.read_bytes, MSG_TRUNC,
                         reinterpret_cast<sockaddr*>(&from), &from_len);
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno != EAGAIN && errno != EWOULDBLOCK) {
        // ICMP errors from earlier sends surface here (ECONNREFUSED): not ours to act on.
        CHORUS_LOG(kDebug, "sip.udp.recv_error")
            .Kv("local", local_.ToString())
            .Kv("error", strerror(errno));
        continue;
      }
      return;
    }
    size_t full = static_cast<size_t>(n);
    size_t got = std::min(full, options_.read_bytes);
    on_datagram_(*this, std::string_view(buffer_.get(), got), full,
                 SocketAddress::FromSockaddr(reinterpret_cast<sockaddr*>(&from), from_len));
  }
}

Result<void> UdpListener::Send(const SocketAddress& to, std::string_view bytes) {
  if (to.family() != local_.family()) {
    return MakeError(ErrorCode::kInvalidArgument, "UDP " + local_.ToString() +
                                                      " cannot send to " + to.ToString());
  }
  ssize_t n;
  do {
    n = sendto(fd_.get(), bytes.data(), bytes.size(), MSG_NOSIGNAL, to.sockaddr_ptr(),
               to.sockaddr_len());
  } while (n < 0 && errno == EINTR);
  if (n < 0) {
    return MakeError(ErrorCode::kIo, "UDP " + local_.ToString() + " -> " + to.ToString() + ": " +
                                         strerror(errno));
  }
  return Ok();
}

}  // namespace chorus::b2bua
