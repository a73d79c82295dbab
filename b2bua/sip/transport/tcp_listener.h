#pragma once

// TcpListener: one listening TCP socket of the SIP transport, accepting on
// the signalling loop (libevent evconnlistener). Accepted sockets come
// non-blocking and close-on-exec and go to `on_accept`, which owns them
// from then on. When accept() fails (out of descriptors, say), accepting
// pauses for kAcceptBackoffMs instead of spinning on a socket that stays
// readable. Owned by SipTransportLayer; signalling thread only.

#include <event2/listener.h>

#include <cstdint>
#include <functional>
#include <memory>

#include "media/base/scoped_fd.h"
#include "media/base/c_handle.h"
#include "media/base/event_loop.h"
#include "media/base/result.h"
#include "media/base/socket_address.h"

namespace chorus::b2bua {

using UniqueEvConnListener = CHandle<evconnlistener, evconnlistener_free>;

class TcpListener {
 public:
  using OnAccept = std::function<void(ScopedFd fd, const SocketAddress& remote)>;
  // Called with errno when accept() fails.
  using OnAcceptError = std::function<void(int error)>;
  static constexpr int64_t kAcceptBackoffMs = 100;

  // Takes a listening socket (see OpenTcpListenSocket).
  static Result<std::unique_ptr<TcpListener>> Create(event_base* base, ScopedFd fd,
                                                     OnAccept on_accept, OnAcceptError on_error);
  TcpListener(const TcpListener&) = delete;
  TcpListener& operator=(const TcpListener&) = delete;

  const SocketAddress& local_address() const { return local_; }

 private:
  TcpListener(SocketAddress local, OnAccept on_accept, OnAcceptError on_error);
  static void OnAcceptCb(evconnlistener* listener, evutil_socket_t fd, sockaddr* addr, int len,
                         void* arg);
  static void OnErrorCb(evconnlistener* listener, void* arg);
  static void OnResumeCb(evutil_socket_t fd, short what, void* arg);

  SocketAddress local_;
  OnAccept on_accept_;
  OnAcceptError on_error_;
  UniqueEvConnListener listener_;
  UniqueEvent resume_;
};

}  // namespace chorus::b2bua
