#pragma once

// SipTransportLayer: the SIP transports (RFC 3261 18) of the signalling
// loop. UDP and TCP on every configured listen address, IPv4 and IPv6.
//
// Inbound: datagrams and stream messages are parsed (SipParser) and handed
// to the Handler with the peer they came from, failures included (a
// partial message with status 400/505/513) so the layer above decides
// between an error response and silence; bytes that are not SIP at all are
// counted and dropped. Requests get their top Via stamped with received /
// rport first (RFC 3261 18.2.1, RFC 3581 4).
//
// Outbound: SendRequest and SendResponse (RFC 3261 18.1.1, 18.2.2, RFC 3581).
// Stream connections are reused (by id, then by remote address), opened on
// demand without blocking, closed when idle, on errors, on framing errors
// and when the peer stops reading. A connect that fails after SendRequest
// returned reaches the TransportErrorHandler (RFC 3261 8.1.3.1 / 17.1.4: the
// transaction layer turns it into a 503 or a transport error).
//
// Owned by the signalling thread's wiring; runs on its EventLoop and must
// be used and destroyed on that thread, never from inside its own Handler.
// TLS: Transport::kTls is refused for now; see NewStreamBufferevent.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "b2bua/sip/message/sip_parser.h"
#include "b2bua/sip/sip_options.h"
#include "b2bua/sip/transport/sip_transport.h"
#include "b2bua/sip/transport/stream_connection.h"
#include "b2bua/sip/transport/tcp_listener.h"
#include "b2bua/sip/transport/transport_counters.h"
#include "b2bua/sip/transport/udp_listener.h"
#include "media/base/event_loop.h"
#include "media/base/log.h"
#include "media/base/result.h"

namespace chorus::b2bua {

// Limits that are not (yet) configuration; the defaults suit production.
struct SipTransportLimits {
  // Open stream connections, accepted plus outbound. Accepts beyond it are
  // closed at once; SendRequest needing a new connection fails.
  size_t max_connections = 4096;
  // Queued output per connection before the peer counts as not reading.
  size_t max_output_bytes_per_connection = 1 << 20;
  // Datagrams read per socket wake-up.
  int udp_batch = 64;
  // Close-after-flush wait (framing errors) before the socket is dropped.
  int64_t close_linger_ms = 2000;
  // Outbound TCP connects failing after this reach the error handler.
  int64_t tcp_connect_timeout_ms = 10'000;
  int tcp_backlog = 128;
};

class SipTransportLayer final : public SipTransport, private StreamConnection::Owner {
 public:
  // Every inbound message (request or response), valid or not; `parsed`
  // always holds a message. For stream transports `from.connection_id` is
  // the connection to answer on.
  using Handler = std::function<void(SipParseResult&& parsed, const SipPeer& from)>;
  // A message accepted by SendRequest / SendResponse could not be delivered
  // after all: an outbound connect failed or timed out, or a connection
  // closed with that output still queued. `peer` is the connection's
  // (transport, remote, local, connection_id).
  using TransportErrorHandler = std::function<void(const SipPeer& peer, const Error& error)>;

  // Binds UDP and TCP on each options.listen address (port 0: one free port
  // shared by both). Errors name the address: "sip.listen 127.0.0.1:5060:
  // Address already in use".
  static Result<std::unique_ptr<SipTransportLayer>> Create(EventLoop& loop,
                                                           const SipOptions& options,
                                                           Handler handler,
                                                           const SipTransportLimits& limits = {});
  ~SipTransportLayer() override;
  SipTransportLayer(const SipTransportLayer&) = delete;
  SipTransportLayer& operator=(const SipTransportLayer&) = delete;

  // SipTransport. Errors returned here mean nothing was sent and the
  // TransportErrorHandler will not be called for this message.
  //   UDP: from the listener whose address is `to.local`, else the first
  //   one of the remote's family. TCP: over `to.connection_id` if open, else
  //   any open connection to `to.remote`, else a new connection (the bytes
  //   wait in its queue until it connects). TLS: kUnsupported.
  Result<void> SendRequest(const SipPeer& to, std::string_view bytes) override;
  //   Streams: over `source.connection_id` if still open, else over a
  //   connection to ResponseDestination() (reused or new). UDP: to
  //   ResponseDestination(), from the listener the request arrived on.
  Result<void> SendResponse(const SipPeer& source, const SipMessage& response) override;
  // The first listener's bound address for (transport, family); invalid
  // when there is none (and for TLS).
  SocketAddress AdvertisedAddress(Transport t, int family) const override;

  void SetTransportErrorHandler(TransportErrorHandler handler);

  // Bound addresses of the listeners of a transport, in configuration
  // order (ports resolved when the configuration said 0).
  std::vector<SocketAddress> ListenAddresses(Transport t) const;
  const SipTransportCounters& counters() const { return counters_; }
  size_t connection_count() const { return connections_.size(); }
  // Open or connecting (usable for sending).
  bool IsConnectionOpen(uint64_t connection_id) const;
  // Closes a connection at once (dropping queued output); false if unknown.
  bool CloseConnection(uint64_t connection_id);

 private:
  struct IpKey {
    size_t operator()(const SocketAddress& a) const;
  };
  struct IpEqual {
    bool operator()(const SocketAddress& a, const SocketAddress& b) const { return a.SameIp(b); }
  };

  SipTransportLayer(EventLoop& loop, const SipOptions& options, Handler handler,
                    const SipTransportLimits& limits);
  Result<void> Listen(const SocketAddress& address);
  Result<void> ListenOnce(const SocketAddress& address, bool* port_taken);

  void OnDatagram(UdpListener& listener, std::string_view bytes, size_t full_size,
                  const SocketAddress& from);
  void OnAccept(ScopedFd fd, const SocketAddress& remote);
  void OnAcceptError(int error);
  // Stamps, counts and hands one parse result up.
  void Deliver(SipParseResult&& parsed, const SipPeer& from);

  // StreamConnection::Owner
  void OnStreamConnected(StreamConnection& conn) override;
  void OnStreamFrame(StreamConnection& conn, const StreamFramer::Frame& frame) override;
  void OnStreamClosed(StreamConnection& conn, StreamConnection::CloseReason reason, int error,
                      size_t unsent_bytes) override;

  UdpListener* UdpListenerFor(const SocketAddress& local, int family) const;
  StreamConnection* FindConnection(uint64_t id) const;
  StreamConnection* FindConnectionTo(Transport t, const SocketAddress& remote) const;
  Result<StreamConnection*> Connect(Transport t, const SocketAddress& remote);
  Result<void> SendUdp(UdpListener& listener, const SocketAddress& to, std::string_view bytes);
  Result<void> SendStream(const SipPeer& to, std::string_view bytes);
  StreamConnection::Options ConnectionOptions() const;
  // Destroys closed connections on a later loop turn.
  void ScheduleReap();
  static void OnReapCb(evutil_socket_t fd, short what, void* arg);
  bool WarnAllowed();

  EventLoop& loop_;
  const SipOptions options_;
  const SipParseLimits parse_limits_;
  const SipTransportLimits limits_;
  Handler handler_;
  TransportErrorHandler error_handler_;
  SipTransportCounters counters_;
  log::RateLimiter warn_limiter_{5};

  std::vector<std::unique_ptr<UdpListener>> udp_;
  std::vector<std::unique_ptr<TcpListener>> tcp_;

  // Connection ids count up from 1 and are never reused while the layer
  // lives (one layer per process, so never within the process).
  uint64_t last_connection_id_ = 0;
  std::unordered_map<uint64_t, std::unique_ptr<StreamConnection>> connections_;
  std::unordered_multimap<SocketAddress, uint64_t, SocketAddressHash> by_remote_;
  // Accepted connections per remote IP (port ignored).
  std::unordered_map<SocketAddress, int, IpKey, IpEqual> accepted_per_ip_;
  std::vector<std::unique_ptr<StreamConnection>> closed_;
  UniqueEvent reap_;
};

}  // namespace chorus::b2bua
