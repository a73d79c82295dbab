#pragma once

// StreamConnection: one SIP connection over a byte stream (TCP; TLS plugs
// in at NewStreamBufferevent), on the signalling loop. Owns the libevent
// bufferevent (and through it the socket), the StreamFramer cutting the
// input into messages, and one timer: the connect timeout, then the idle
// timeout, then the close-after-flush bound. Answers CRLFCRLF pings itself;
// hands messages and framing errors to its Owner.
//
// States: kConnecting (outbound, until the kernel reports the connect) ->
// kOpen -> kClosing (CloseAfterFlush: queued output still goes out, then a
// FIN; input is discarded until the peer's EOF) -> kClosed. Close() may run
// inside any callback, including the Owner's: the object stays valid until
// its owner destroys it, which must wait for a later loop turn (STYLE.md
// §5). Owned by SipTransportLayer; signalling thread only.

#include <event2/bufferevent.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>

#include "media/base/scoped_fd.h"
#include "b2bua/sip/transport/sip_peer.h"
#include "b2bua/sip/transport/stream_framer.h"
#include "b2bua/sip/transport/transport_counters.h"
#include "media/base/c_handle.h"
#include "media/base/event_loop.h"
#include "media/base/result.h"

namespace chorus::b2bua {

using UniqueBufferevent = CHandle<bufferevent, bufferevent_free>;

enum class StreamRole : uint8_t { kAccepted, kOutbound };

// The bufferevent for a connected (accepted) or connecting (outbound)
// socket. TCP: a socket bufferevent. TLS is not implemented yet: it goes
// here, as bufferevent_openssl_socket_new() with an SSL from the
// transport's SSL_CTX in BUFFEREVENT_SSL_ACCEPTING or _CONNECTING state by
// role; nothing else in the connection changes. Takes the fd on success.
Result<UniqueBufferevent> NewStreamBufferevent(event_base* base, ScopedFd& fd, Transport transport,
                                               StreamRole role);

class StreamConnection {
 public:
  enum class State : uint8_t { kConnecting, kOpen, kClosing, kClosed };
  enum class CloseReason : uint8_t {
    kEof,             // the peer closed
    kError,           // a socket error (reset, ...)
    kIdle,            // no traffic for idle_timeout_ms
    kFraming,         // unframeable or oversize input
    kOutputOverflow,  // the peer does not read what we send
    kConnectFailed,   // outbound connect refused, unreachable or timed out
    kLingerTimeout,   // close-after-flush could not flush in time
    kRequested,       // the owner asked
  };

  class Owner {
   public:
    virtual ~Owner() = default;
    // An outbound connection is established.
    virtual void OnStreamConnected(StreamConnection& conn) = 0;
    // A kMessage, kUnframeable or kTooLarge frame. After a framing error the
    // connection closes once this returns (queued output is flushed first).
    virtual void OnStreamFrame(StreamConnection& conn, const StreamFramer::Frame& frame) = 0;
    // The connection is closed; `unsent_bytes` of queued output were lost.
    // Called once; never from the destructor.
    virtual void OnStreamClosed(StreamConnection& conn, CloseReason reason, int error,
                                size_t unsent_bytes) = 0;
  };

  struct Options {
    size_t max_message_bytes = 64 * 1024;
    int64_t idle_timeout_ms = 300'000;
    // Queued output beyond this closes the connection.
    size_t max_output_bytes = 1 << 20;
    // How long CloseAfterFlush waits for the peer to take queued output.
    int64_t linger_ms = 2000;
    // Outbound: how long the connect may take.
    int64_t connect_timeout_ms = 10'000;
  };

  // `fd`: an accepted socket, or one whose connect is in progress
  // (StartTcpConnect) for kOutbound. `local` is filled in from the socket.
  static Result<std::unique_ptr<StreamConnection>> Create(EventLoop& loop, ScopedFd fd, uint64_t id,
                                                          Transport transport, StreamRole role,
                                                          const SocketAddress& remote,
                                                          const Options& options, Owner& owner,
                                                          SipTransportCounters& counters);
  ~StreamConnection();
  StreamConnection(const StreamConnection&) = delete;
  StreamConnection& operator=(const StreamConnection&) = delete;

  uint64_t id() const { return id_; }
  Transport transport() const { return transport_; }
  StreamRole role() const { return role_; }
  State state() const { return state_; }
  const SocketAddress& remote() const { return remote_; }
  const SocketAddress& local() const { return local_; }
  SipPeer peer() const { return SipPeer{transport_, remote_, local_, id_}; }
  // Open or connecting: can take more output.
  bool writable() const { return state_ == State::kOpen || state_ == State::kConnecting; }
  size_t queued_output_bytes() const;

  // Queues bytes (sent once connected). Fails when the connection is closing
  // or closed, and when the queue would pass max_output_bytes: the peer is
  // not reading, so the connection is closed.
  Result<void> Write(std::string_view bytes);
  // Stops taking input, sends what is queued, shuts down the sending side
  // and closes on the peer's EOF; after linger_ms it closes anyway (as
  // kLingerTimeout when output was still queued).
  void CloseAfterFlush(CloseReason reason);
  // Closes now, dropping queued output.
  void Close(CloseReason reason, int error = 0);

 private:
  StreamConnection(EventLoop& loop, uint64_t id, Transport transport, StreamRole role,
                   const SocketAddress& remote, const Options& options, Owner& owner,
                   SipTransportCounters& counters);
  static void OnReadCb(bufferevent* bev, void* arg);
  static void OnWriteCb(bufferevent* bev, void* arg);
  static void OnEventCb(bufferevent* bev, short what, void* arg);
  static void OnTimerCb(evutil_socket_t fd, short what, void* arg);
  void OnRead();
  void OnEvent(short what);
  void OnTimer();
  void ProcessFrames();
  void ArmTimer(int64_t delay_ms);
  void ShutdownWrite();

  EventLoop& loop_;
  const uint64_t id_;
  const Transport transport_;
  const StreamRole role_;
  const SocketAddress remote_;
  SocketAddress local_;
  const Options options_;
  Owner& owner_;
  SipTransportCounters& counters_;
  State state_;
  CloseReason closing_reason_ = CloseReason::kRequested;
  bool write_shut_ = false;  // kClosing: FIN sent
  int64_t last_activity_ms_;
  int64_t connect_deadline_ms_ = 0;
  StreamFramer framer_;
  UniqueBufferevent bev_;
  UniqueEvent timer_;
};

std::string_view CloseReasonName(StreamConnection::CloseReason reason);

}  // namespace chorus::b2bua
