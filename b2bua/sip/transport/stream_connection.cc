#include "b2bua/sip/transport/stream_connection.h"

#include <event2/buffer.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <string>

#include "b2bua/sip/transport/socket_util.h"
#include "media/base/check.h"
#include "media/base/log.h"

namespace chorus::b2bua {

Result<UniqueBufferevent> NewStreamBufferevent(event_base* base, ScopedFd& fd, Transport transport,
                                               StreamRole role) {
  (void)role;  // TLS will pick the SSL state (accepting / connecting) from it
  if (transport != Transport::kTcp) {
    return MakeError(ErrorCode::kUnsupported,
                     std::string(TransportName(transport)) + " connections are not implemented");
  }
  UniqueBufferevent bev(bufferevent_socket_new(base, fd.get(), BEV_OPT_CLOSE_ON_FREE));
  if (!bev) return MakeError(ErrorCode::kIo, "bufferevent_socket_new failed");
  (void)fd.Release();
  return bev;
}

std::string_view CloseReasonName(StreamConnection::CloseReason reason) {
  using R = StreamConnection::CloseReason;
  switch (reason) {
    case R::kEof:
      return "eof";
    case R::kError:
      return "error";
    case R::kIdle:
      return "idle";
    case R::kFraming:
      return "framing";
    case R::kOutputOverflow:
      return "output_overflow";
    case R::kConnectFailed:
      return "connect_failed";
    case R::kLingerTimeout:
      return "linger_timeout";
    case R::kRequested:
      return "requested";
  }
  return "?";
}

Result<std::unique_ptr<StreamConnection>> StreamConnection::Create(
    EventLoop& loop, ScopedFd fd, uint64_t id, Transport transport, StreamRole role,
    const SocketAddress& remote, const Options& options, Owner& owner,
    SipTransportCounters& counters) {
  std::unique_ptr<StreamConnection> conn(
      new StreamConnection(loop, id, transport, role, remote, options, owner, counters));
  conn->local_ = LocalAddressOf(fd.get());
  auto bev = NewStreamBufferevent(loop.base(), fd, transport, role);
  if (!bev) return bev.error();
  conn->bev_ = std::move(*bev);
  conn->timer_.reset(evtimer_new(loop.base(), &StreamConnection::OnTimerCb, conn.get()));
  if (!conn->timer_) return MakeError(ErrorCode::kIo, "evtimer_new failed");
  bufferevent* b = conn->bev_.get();
  bufferevent_setcb(b, &StreamConnection::OnReadCb, &StreamConnection::OnWriteCb,
                    &StreamConnection::OnEventCb, conn.get());
  if (role == StreamRole::kOutbound) {
    // No address: the socket is already connecting; libevent reports the
    // outcome as BEV_EVENT_CONNECTED or BEV_EVENT_ERROR once it is writable.
    if (bufferevent_socket_connect(b, nullptr, 0) != 0) {
      return MakeError(ErrorCode::kIo, "bufferevent_socket_connect failed");
    }
  }
  if (bufferevent_enable(b, EV_READ | EV_WRITE) != 0) {
    return MakeError(ErrorCode::kIo, "bufferevent_enable failed");
  }
  if (role == StreamRole::kOutbound) {
    conn->connect_deadline_ms_ = loop.NowMs() + options.connect_timeout_ms;
    conn->ArmTimer(options.connect_timeout_ms);
  } else {
    conn->ArmTimer(options.idle_timeout_ms);
  }
  return conn;
}

StreamConnection::StreamConnection(EventLoop& loop, uint64_t id, Transport transport,
                                   StreamRole role, const SocketAddress& remote,
                                   const Options& options, Owner& owner,
                                   SipTransportCounters& counters)
    : loop_(loop),
      id_(id),
      transport_(transport),
      role_(role),
      remote_(remote),
      options_(options),
      owner_(owner),
      counters_(counters),
      state_(role == StreamRole::kOutbound ? State::kConnecting : State::kOpen),
      last_activity_ms_(loop.NowMs()),
      framer_(options.max_message_bytes) {}

StreamConnection::~StreamConnection() {
  // Destroyed by the owner (normally after Close); no callbacks from here.
  if (bev_) bufferevent_setcb(bev_.get(), nullptr, nullptr, nullptr, nullptr);
}

size_t StreamConnection::queued_output_bytes() const {
  return bev_ ? evbuffer_get_length(bufferevent_get_output(bev_.get())) : 0;
}

void StreamConnection::ArmTimer(int64_t delay_ms) {
  delay_ms = std::max<int64_t>(delay_ms, 1);
  timeval tv{static_cast<time_t>(delay_ms / 1000),
             static_cast<suseconds_t>((delay_ms % 1000) * 1000)};
  evtimer_add(timer_.get(), &tv);
}

Result<void> StreamConnection::Write(std::string_view bytes) {
  if (!writable()) {
    return MakeError(ErrorCode::kUnavailable, std::string(TransportName(transport_)) +
                                                  " connection " + std::to_string(id_) + " to " +
                                                  remote_.ToString() + " is closing");
  }
  if (queued_output_bytes() + bytes.size() > options_.max_output_bytes) {
    ++counters_.tcp_output_overflows;
    Close(CloseReason::kOutputOverflow);
    return MakeError(ErrorCode::kExhausted,
                     std::string(TransportName(transport_)) + " connection " + std::to_string(id_) +
                         " to " + remote_.ToString() + ": peer is not reading; connection closed");
  }
  if (bufferevent_write(bev_.get(), bytes.data(), bytes.size()) != 0) {
    return MakeError(ErrorCode::kIo,
                     "bufferevent_write failed on connection " + std::to_string(id_));
  }
  counters_.tcp_bytes_out += bytes.size();
  last_activity_ms_ = loop_.NowMs();
  return Ok();
}

void StreamConnection::CloseAfterFlush(CloseReason reason) {
  if (state_ == State::kClosing || state_ == State::kClosed) return;
  if (state_ == State::kConnecting) {
    Close(reason);
    return;
  }
  state_ = State::kClosing;
  closing_reason_ = reason;
  ArmTimer(options_.linger_ms);  // replaces the idle deadline
  if (queued_output_bytes() == 0) ShutdownWrite();
}

void StreamConnection::ShutdownWrite() {
  // A lingering close: send FIN, then read and discard until the peer's
  // EOF (or linger_ms). Closing with unread input would send a RST, which
  // can destroy the answer we just sent before the peer reads it.
  write_shut_ = true;
  shutdown(bufferevent_getfd(bev_.get()), SHUT_WR);
}

void StreamConnection::Close(CloseReason reason, int error) {
  if (state_ == State::kClosed) return;
  state_ = State::kClosed;
  size_t unsent = queued_output_bytes();
  evtimer_del(timer_.get());
  // Freeing inside one of its own callbacks is safe: libevent holds a
  // reference until the callback returns, and the socket closes then.
  bufferevent_setcb(bev_.get(), nullptr, nullptr, nullptr, nullptr);
  bufferevent_disable(bev_.get(), EV_READ | EV_WRITE);
  bev_.reset();
  owner_.OnStreamClosed(*this, reason, error, unsent);
}

void StreamConnection::OnReadCb(bufferevent*, void* arg) {
  static_cast<StreamConnection*>(arg)->OnRead();
}
void StreamConnection::OnWriteCb(bufferevent*, void* arg) {
  // Output drained: a closing connection has said everything.
  auto* self = static_cast<StreamConnection*>(arg);
  if (self->state_ == State::kClosing && !self->write_shut_) self->ShutdownWrite();
}
void StreamConnection::OnEventCb(bufferevent*, short what, void* arg) {
  static_cast<StreamConnection*>(arg)->OnEvent(what);
}
void StreamConnection::OnTimerCb(evutil_socket_t, short, void* arg) {
  static_cast<StreamConnection*>(arg)->OnTimer();
}

void StreamConnection::OnRead() {
  evbuffer* in = bufferevent_get_input(bev_.get());
  size_t len = evbuffer_get_length(in);
  if (state_ != State::kOpen) {
    evbuffer_drain(in, len);
    return;
  }
  counters_.tcp_bytes_in += len;
  last_activity_ms_ = loop_.NowMs();
  while (evbuffer_get_length(in) > 0) {
    evbuffer_iovec chunk;
    if (evbuffer_peek(in, -1, nullptr, &chunk, 1) < 1) break;
    framer_.Append(std::string_view(static_cast<const char*>(chunk.iov_base), chunk.iov_len));
    evbuffer_drain(in, chunk.iov_len);
  }
  ProcessFrames();
}

void StreamConnection::ProcessFrames() {
  while (state_ == State::kOpen) {
    StreamFramer::Frame frame = framer_.Next();
    switch (frame.kind) {
      case StreamFramer::FrameKind::kNeedMore:
        return;
      case StreamFramer::FrameKind::kPing:
        // RFC 5626 3.5.1: a CRLFCRLF ping gets a CRLF pong.
        ++counters_.keepalives;
        (void)Write("\r\n");
        break;
      case StreamFramer::FrameKind::kMessage:
        owner_.OnStreamFrame(*this, frame);
        break;
      case StreamFramer::FrameKind::kUnframeable:
      case StreamFramer::FrameKind::kTooLarge:
        owner_.OnStreamFrame(*this, frame);
        CloseAfterFlush(CloseReason::kFraming);
        return;
    }
  }
}

void StreamConnection::OnEvent(short what) {
  if (what & BEV_EVENT_CONNECTED) {
    state_ = State::kOpen;
    local_ = LocalAddressOf(bufferevent_getfd(bev_.get()));
    last_activity_ms_ = loop_.NowMs();
    ArmTimer(options_.idle_timeout_ms);  // replaces the connect deadline
    owner_.OnStreamConnected(*this);
    return;
  }
  if (what & (BEV_EVENT_ERROR | BEV_EVENT_EOF)) {
    int error = (what & BEV_EVENT_ERROR) ? EVUTIL_SOCKET_ERROR() : 0;
    if (state_ == State::kClosing) {
      Close(closing_reason_, error);
    } else if (state_ == State::kConnecting) {
      Close(CloseReason::kConnectFailed, error != 0 ? error : ECONNRESET);
    } else {
      Close((what & BEV_EVENT_ERROR) ? CloseReason::kError : CloseReason::kEof, error);
    }
  }
}

void StreamConnection::OnTimer() {
  switch (state_) {
    case State::kClosed:
      return;
    case State::kClosing:
      // Output not flushed in time is a failure; a peer slow to send its
      // EOF after taking everything is not.
      Close(write_shut_ ? closing_reason_ : CloseReason::kLingerTimeout);
      return;
    case State::kConnecting: {
      int64_t left_ms = connect_deadline_ms_ - loop_.NowMs();
      if (left_ms > 0) {
        ArmTimer(left_ms);
      } else {
        Close(CloseReason::kConnectFailed, ETIMEDOUT);
      }
      return;
    }
    case State::kOpen: {
      int64_t idle_ms = loop_.NowMs() - last_activity_ms_;
      if (idle_ms < options_.idle_timeout_ms) {
        // Traffic since the timer was set: wait for the rest of the period.
        ArmTimer(options_.idle_timeout_ms - idle_ms);
        return;
      }
      ++counters_.tcp_idle_closes;
      Close(CloseReason::kIdle);
      return;
    }
  }
}

}  // namespace chorus::b2bua
