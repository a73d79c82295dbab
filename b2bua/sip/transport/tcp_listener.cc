#include "b2bua/sip/transport/tcp_listener.h"

#include <cerrno>

#include "b2bua/sip/transport/socket_util.h"

namespace chorus::b2bua {

Result<std::unique_ptr<TcpListener>> TcpListener::Create(event_base* base, ScopedFd fd,
                                                         OnAccept on_accept,
                                                         OnAcceptError on_error) {
  SocketAddress local = LocalAddressOf(fd.get());
  std::unique_ptr<TcpListener> out(
      new TcpListener(local, std::move(on_accept), std::move(on_error)));
  out->resume_.reset(evtimer_new(base, &TcpListener::OnResumeCb, out.get()));
  if (!out->resume_) return MakeError(ErrorCode::kIo, "TCP " + local.ToString() + ": evtimer_new");
  // Backlog 0: the socket is already listening. On success the listener
  // owns the fd (CLOSE_ON_FREE); on failure `fd` still does.
  out->listener_.reset(evconnlistener_new(base, &TcpListener::OnAcceptCb, out.get(),
                                          LEV_OPT_CLOSE_ON_FREE | LEV_OPT_CLOSE_ON_EXEC, 0,
                                          fd.get()));
  if (!out->listener_) {
    return MakeError(ErrorCode::kIo, "TCP " + local.ToString() + ": evconnlistener_new failed");
  }
  (void)fd.Release();
  evconnlistener_set_error_cb(out->listener_.get(), &TcpListener::OnErrorCb);
  return out;
}

TcpListener::TcpListener(SocketAddress local, OnAccept on_accept, OnAcceptError on_error)
    : local_(local), on_accept_(std::move(on_accept)), on_error_(std::move(on_error)) {}

void TcpListener::OnAcceptCb(evconnlistener*, evutil_socket_t fd, sockaddr* addr, int len,
                             void* arg) {
  auto* self = static_cast<TcpListener*>(arg);
  self->on_accept_(ScopedFd(fd), SocketAddress::FromSockaddr(addr, static_cast<socklen_t>(len)));
}

void TcpListener::OnErrorCb(evconnlistener* listener, void* arg) {
  auto* self = static_cast<TcpListener*>(arg);
  int err = errno;
  evconnlistener_disable(listener);
  timeval tv{0, static_cast<suseconds_t>(kAcceptBackoffMs * 1000)};
  evtimer_add(self->resume_.get(), &tv);
  self->on_error_(err);
}

void TcpListener::OnResumeCb(evutil_socket_t, short, void* arg) {
  evconnlistener_enable(static_cast<TcpListener*>(arg)->listener_.get());
}

}  // namespace chorus::b2bua
