#include "b2bua/sip/transport/sip_transport_layer.h"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string>

#include "b2bua/sip/transport/socket_util.h"
#include "b2bua/sip/transport/via_routing.h"
#include "media/base/check.h"

namespace chorus::b2bua {
namespace {

// Attempts at finding a port free for both UDP and TCP when listening on port 0.
constexpr int kFreePortAttempts = 16;

const char* FamilyName(int family) { return family == AF_INET6 ? "IPv6" : "IPv4"; }

}  // namespace

size_t SipTransportLayer::IpKey::operator()(const SocketAddress& a) const {
  SocketAddress ip = a;
  ip.set_port(0);
  return ip.Hash();
}

Result<std::unique_ptr<SipTransportLayer>> SipTransportLayer::Create(
    EventLoop& loop, const SipOptions& options, Handler handler, const SipTransportLimits& limits) {
  CHORUS_DCHECK(loop.IsCurrent());
  if (options.listen.empty()) {
    return MakeError(ErrorCode::kInvalidArgument, "sip.listen: no address to listen on");
  }
  std::unique_ptr<SipTransportLayer> layer(
      new SipTransportLayer(loop, options, std::move(handler), limits));
  layer->reap_.reset(event_new(loop.base(), -1, 0, &SipTransportLayer::OnReapCb, layer.get()));
  if (!layer->reap_) return MakeError(ErrorCode::kIo, "event_new failed");
  for (const SocketAddress& address : options.listen) {
    auto r = layer->Listen(address);
    if (!r) return r.error();
  }
  return layer;
}

SipTransportLayer::SipTransportLayer(EventLoop& loop, const SipOptions& options, Handler handler,
                                     const SipTransportLimits& limits)
    : loop_(loop),
      options_(options),
      parse_limits_{options.max_message_bytes, SipParseLimits{}.max_headers},
      limits_(limits),
      handler_(std::move(handler)) {}

SipTransportLayer::~SipTransportLayer() {
  CHORUS_DCHECK(loop_.IsCurrent());
  // Connections go quietly (no Owner callbacks from their destructors).
  connections_.clear();
  closed_.clear();
}

Result<void> SipTransportLayer::Listen(const SocketAddress& address) {
  if (address.port() != 0) {
    bool port_taken = false;
    return ListenOnce(address, &port_taken);
  }
  // Port 0: let the kernel pick a UDP port, then take the same one for TCP
  // (DESIGN.md: UDP and TCP on the same port); retry when TCP has it in use.
  Result<void> last = Ok();
  for (int attempt = 0; attempt < kFreePortAttempts; ++attempt) {
    bool port_taken = false;
    last = ListenOnce(address, &port_taken);
    if (last || !port_taken) return last;
  }
  return last;
}

Result<void> SipTransportLayer::ListenOnce(const SocketAddress& address, bool* port_taken) {
  auto udp_socket = media::UdpSocket::Bind(address);
  if (!udp_socket) {
    // The common failure gets the short form "sip.listen ADDR: Address already in use".
    const Error& e = udp_socket.error();
    return MakeError(e.code, "sip.listen " + (e.code == ErrorCode::kAlreadyExists
                                                  ? address.ToString() + ": " + strerror(EADDRINUSE)
                                                  : e.message));
  }
  SocketAddress tcp_address = address;
  tcp_address.set_port(udp_socket->local_address().port());
  auto tcp_fd = OpenTcpListenSocket(tcp_address, limits_.tcp_backlog);
  if (!tcp_fd) {
    *port_taken = tcp_fd.error().code == ErrorCode::kAlreadyExists;
    return MakeError(tcp_fd.error().code, "sip.listen " + tcp_fd.error().message);
  }

  UdpListener::Options udp_options;
  // One byte over the limit is enough for the parser to flag 513.
  udp_options.read_bytes = std::min(options_.max_message_bytes + 1, UdpListener::kMaxReadBytes);
  udp_options.batch = limits_.udp_batch;
  auto udp = UdpListener::Create(
      loop_.base(), std::move(*udp_socket), udp_options,
      [this](UdpListener& l, std::string_view bytes, size_t full_size, const SocketAddress& from) {
        OnDatagram(l, bytes, full_size, from);
      });
  if (!udp) return MakeError(udp.error().code, "sip.listen " + udp.error().message);
  auto tcp = TcpListener::Create(
      loop_.base(), std::move(*tcp_fd),
      [this](ScopedFd fd, const SocketAddress& remote) { OnAccept(std::move(fd), remote); },
      [this](int error) { OnAcceptError(error); });
  if (!tcp) return MakeError(tcp.error().code, "sip.listen " + tcp.error().message);

  CHORUS_LOG(kDebug, "sip.transport.listening")
      .Kv("udp", (*udp)->local_address().ToString())
      .Kv("tcp", (*tcp)->local_address().ToString());
  udp_.push_back(std::move(*udp));
  tcp_.push_back(std::move(*tcp));
  return Ok();
}

void SipTransportLayer::SetTransportErrorHandler(TransportErrorHandler handler) {
  error_handler_ = std::move(handler);
}

std::vector<SocketAddress> SipTransportLayer::ListenAddresses(Transport t) const {
  std::vector<SocketAddress> out;
  if (t == Transport::kUdp) {
    for (const auto& l : udp_) out.push_back(l->local_address());
  } else if (t == Transport::kTcp) {
    for (const auto& l : tcp_) out.push_back(l->local_address());
  }
  return out;
}

SocketAddress SipTransportLayer::AdvertisedAddress(Transport t, int family) const {
  // Called for every request built: no vector here.
  if (t == Transport::kUdp) {
    for (const auto& l : udp_) {
      if (l->local_address().family() == family) return l->local_address();
    }
  } else if (t == Transport::kTcp) {
    for (const auto& l : tcp_) {
      if (l->local_address().family() == family) return l->local_address();
    }
  }
  return SocketAddress();
}

bool SipTransportLayer::WarnAllowed() { return warn_limiter_.Allow(loop_.NowMs()); }

// ---- inbound ----

void SipTransportLayer::OnDatagram(UdpListener& listener, std::string_view bytes, size_t full_size,
                                   const SocketAddress& from) {
  ++counters_.udp_datagrams_in;
  counters_.udp_bytes_in += full_size;
  if (full_size == bytes.size() && IsKeepAliveDatagram(bytes)) {
    ++counters_.keepalives;
    return;
  }
  SipParseResult parsed = SipParser::Parse(bytes, Framing::kDatagram, parse_limits_);
  if (full_size > bytes.size() && parsed.status != 513) {
    // Cut at the 64 KiB read: larger than any limit we can honour.
    parsed.status = 513;
    parsed.reason = "message too large";
  }
  if (parsed.status == 513) ++counters_.oversize;
  Deliver(std::move(parsed), SipPeer{Transport::kUdp, from, listener.local_address(), 0});
}

void SipTransportLayer::Deliver(SipParseResult&& parsed, const SipPeer& from) {
  if (!parsed.message) {
    ++counters_.parse_failures;
    CHORUS_LOG(kDebug, "sip.transport.not_sip")
        .Kv("transport", TransportName(from.transport))
        .Kv("peer", from.remote.ToString())
        .Kv("reason", parsed.reason);
    return;
  }
  if (parsed.message->is_request()) StampTopVia(*parsed.message, from.remote);
  ++counters_.messages_in;
  if (parsed.status != 0) {
    ++counters_.parse_failures;
    CHORUS_LOG(kDebug, "sip.transport.bad_message")
        .Kv("transport", TransportName(from.transport))
        .Kv("peer", from.remote.ToString())
        .Kv("status", parsed.status)
        .Kv("reason", parsed.reason);
  }
  handler_(std::move(parsed), from);
}

void SipTransportLayer::OnAccept(ScopedFd fd, const SocketAddress& remote) {
  auto per_ip = accepted_per_ip_.find(remote);
  bool ip_full =
      per_ip != accepted_per_ip_.end() && per_ip->second >= options_.tcp_max_connections_per_ip;
  if (ip_full || connections_.size() >= limits_.max_connections) {
    ++counters_.tcp_rejected_by_cap;
    if (WarnAllowed()) {
      CHORUS_LOG(kWarn, "sip.tcp.rejected")
          .Kv("peer", remote.ToString())
          .Kv("cap", ip_full ? "per_ip" : "total")
          .Kv("suppressed", warn_limiter_.TakeSuppressed());
    }
    return;  // `fd` closes here
  }
  ++counters_.tcp_accepts;
  int one = 1;
  (void)setsockopt(fd.get(), IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
  uint64_t id = ++last_connection_id_;
  auto conn =
      StreamConnection::Create(loop_, std::move(fd), id, Transport::kTcp, StreamRole::kAccepted,
                               remote, ConnectionOptions(), *this, counters_);
  if (!conn) {
    CHORUS_LOG(kWarn, "sip.tcp.accept_failed")
        .Kv("peer", remote.ToString())
        .Kv("error", conn.error().message);
    return;
  }
  ++accepted_per_ip_[remote];
  by_remote_.emplace(remote, id);
  connections_.emplace(id, std::move(*conn));
  CHORUS_LOG(kDebug, "sip.tcp.accepted").Kv("peer", remote.ToString()).Kv("connection", id);
}

void SipTransportLayer::OnAcceptError(int error) {
  ++counters_.tcp_accept_errors;
  if (WarnAllowed()) {
    CHORUS_LOG(kWarn, "sip.tcp.accept_error")
        .Kv("error", strerror(error))
        .Kv("connections", connections_.size())
        .Kv("suppressed", warn_limiter_.TakeSuppressed());
  }
}

void SipTransportLayer::OnStreamConnected(StreamConnection& conn) {
  CHORUS_LOG(kDebug, "sip.tcp.connected")
      .Kv("peer", conn.remote().ToString())
      .Kv("local", conn.local().ToString())
      .Kv("connection", conn.id());
}

void SipTransportLayer::OnStreamFrame(StreamConnection& conn, const StreamFramer::Frame& frame) {
  SipPeer from = conn.peer();
  if (frame.kind == StreamFramer::FrameKind::kMessage) {
    Deliver(SipParser::Parse(frame.bytes, Framing::kStream, parse_limits_), from);
    return;
  }
  // A framing error: the connection closes after this. A request whose
  // header section is known still gets its answer (RFC 3261 18.3: 400
  // without a usable Content-Length; 513 when too large).
  bool too_large = frame.kind == StreamFramer::FrameKind::kTooLarge;
  ++(too_large ? counters_.oversize : counters_.unframeable);
  CHORUS_LOG(kDebug, "sip.tcp.framing_error")
      .Kv("peer", conn.remote().ToString())
      .Kv("connection", conn.id())
      .Kv("reason", frame.reason)
      .Kv("declared_bytes", frame.declared_bytes);
  if (frame.bytes.empty()) {
    ++counters_.parse_failures;
    return;
  }
  SipParseResult parsed = SipParser::Parse(frame.bytes, Framing::kStream, parse_limits_);
  if (!parsed.message || !parsed.message->is_request()) {
    ++counters_.parse_failures;
    return;
  }
  if (too_large) {
    parsed.status = 513;
    parsed.reason = "message too large (" + std::to_string(frame.declared_bytes) + " bytes)";
  } else if (parsed.status == 0 || parsed.status == 400) {
    parsed.status = 400;
    parsed.reason = frame.reason;
  }
  Deliver(std::move(parsed), from);
}

void SipTransportLayer::OnStreamClosed(StreamConnection& conn, StreamConnection::CloseReason reason,
                                       int error, size_t unsent_bytes) {
  using R = StreamConnection::CloseReason;
  ++counters_.tcp_closes;
  if (reason == R::kConnectFailed) ++counters_.tcp_connect_failures;
  bool lost = reason == R::kConnectFailed || unsent_bytes > 0;
  if (lost && WarnAllowed()) {
    CHORUS_LOG(kWarn, "sip.tcp.undelivered")
        .Kv("peer", conn.remote().ToString())
        .Kv("connection", conn.id())
        .Kv("reason", CloseReasonName(reason))
        .Kv("error", error != 0 ? strerror(error) : "-")
        .Kv("unsent_bytes", unsent_bytes)
        .Kv("suppressed", warn_limiter_.TakeSuppressed());
  } else {
    CHORUS_LOG(kDebug, "sip.tcp.closed")
        .Kv("peer", conn.remote().ToString())
        .Kv("connection", conn.id())
        .Kv("reason", CloseReasonName(reason));
  }

  auto range = by_remote_.equal_range(conn.remote());
  for (auto it = range.first; it != range.second; ++it) {
    if (it->second == conn.id()) {
      by_remote_.erase(it);
      break;
    }
  }
  if (conn.role() == StreamRole::kAccepted) {
    auto per_ip = accepted_per_ip_.find(conn.remote());
    if (per_ip != accepted_per_ip_.end() && --per_ip->second <= 0) accepted_per_ip_.erase(per_ip);
  }
  SipPeer peer = conn.peer();
  auto it = connections_.find(conn.id());
  if (it != connections_.end()) {
    // `conn` may be running a callback right now: destroy it on a later turn.
    closed_.push_back(std::move(it->second));
    connections_.erase(it);
    ScheduleReap();
  }
  if (lost && error_handler_) {
    std::string what = std::string(TransportName(peer.transport)) + " to " +
                       peer.remote.ToString() + ": " + std::string(CloseReasonName(reason));
    if (error != 0) what.append(": ").append(strerror(error));
    error_handler_(peer, MakeError(ErrorCode::kUnavailable, std::move(what)));
  }
}

void SipTransportLayer::ScheduleReap() { event_active(reap_.get(), EV_TIMEOUT, 0); }

void SipTransportLayer::OnReapCb(evutil_socket_t, short, void* arg) {
  static_cast<SipTransportLayer*>(arg)->closed_.clear();
}

// ---- outbound ----

StreamConnection::Options SipTransportLayer::ConnectionOptions() const {
  StreamConnection::Options o;
  o.max_message_bytes = options_.max_message_bytes;
  o.idle_timeout_ms = options_.tcp_idle_timeout_ms;
  o.max_output_bytes = limits_.max_output_bytes_per_connection;
  o.linger_ms = limits_.close_linger_ms;
  o.connect_timeout_ms = limits_.tcp_connect_timeout_ms;
  return o;
}

bool SipTransportLayer::IsConnectionOpen(uint64_t connection_id) const {
  return FindConnection(connection_id) != nullptr;
}

bool SipTransportLayer::CloseConnection(uint64_t connection_id) {
  auto it = connections_.find(connection_id);
  if (it == connections_.end()) return false;
  it->second->Close(StreamConnection::CloseReason::kRequested);
  return true;
}

StreamConnection* SipTransportLayer::FindConnection(uint64_t id) const {
  if (id == 0) return nullptr;
  auto it = connections_.find(id);
  return it != connections_.end() && it->second->writable() ? it->second.get() : nullptr;
}

StreamConnection* SipTransportLayer::FindConnectionTo(Transport t,
                                                      const SocketAddress& remote) const {
  auto range = by_remote_.equal_range(remote);
  for (auto it = range.first; it != range.second; ++it) {
    StreamConnection* conn = FindConnection(it->second);
    if (conn != nullptr && conn->transport() == t) return conn;
  }
  return nullptr;
}

Result<StreamConnection*> SipTransportLayer::Connect(Transport t, const SocketAddress& remote) {
  if (t == Transport::kTls) {
    return MakeError(ErrorCode::kUnsupported, "TLS transport is not implemented");
  }
  if (connections_.size() >= limits_.max_connections) {
    return MakeError(ErrorCode::kExhausted, "TCP to " + remote.ToString() + ": " +
                                                std::to_string(connections_.size()) +
                                                " connections open, the limit");
  }
  auto fd = StartTcpConnect(remote);
  if (!fd) return MakeError(fd.error().code, "TCP " + fd.error().message);
  uint64_t id = ++last_connection_id_;
  auto conn = StreamConnection::Create(loop_, std::move(*fd), id, t, StreamRole::kOutbound, remote,
                                       ConnectionOptions(), *this, counters_);
  if (!conn)
    return MakeError(conn.error().code,
                     "TCP to " + remote.ToString() + ": " + conn.error().message);
  ++counters_.tcp_connects;
  StreamConnection* out = conn->get();
  by_remote_.emplace(remote, id);
  connections_.emplace(id, std::move(*conn));
  CHORUS_LOG(kDebug, "sip.tcp.connecting").Kv("peer", remote.ToString()).Kv("connection", id);
  return out;
}

UdpListener* SipTransportLayer::UdpListenerFor(const SocketAddress& local, int family) const {
  for (const auto& l : udp_) {
    if (local.valid() && l->local_address() == local && l->local_address().family() == family) {
      return l.get();
    }
  }
  for (const auto& l : udp_) {
    if (l->local_address().family() == family) return l.get();
  }
  return nullptr;
}

Result<void> SipTransportLayer::SendUdp(UdpListener& listener, const SocketAddress& to,
                                        std::string_view bytes) {
  auto r = listener.Send(to, bytes);
  if (!r) {
    ++counters_.send_errors;
    CHORUS_LOG(kDebug, "sip.udp.send_error").Kv("error", r.error().message);
    return r;
  }
  ++counters_.udp_datagrams_out;
  counters_.udp_bytes_out += bytes.size();
  return r;
}

Result<void> SipTransportLayer::SendStream(const SipPeer& to, std::string_view bytes) {
  StreamConnection* conn = FindConnection(to.connection_id);
  if (conn == nullptr) conn = FindConnectionTo(to.transport, to.remote);
  if (conn == nullptr) {
    auto created = Connect(to.transport, to.remote);
    if (!created) {
      ++counters_.send_errors;
      return created.error();
    }
    conn = *created;
  }
  auto r = conn->Write(bytes);
  if (!r) ++counters_.send_errors;
  return r;
}

Result<void> SipTransportLayer::SendRequest(const SipPeer& to, std::string_view bytes) {
  CHORUS_DCHECK(loop_.IsCurrent());
  if (!to.remote.valid()) {
    ++counters_.send_errors;
    return MakeError(ErrorCode::kInvalidArgument, "SIP request with no destination address");
  }
  if (to.transport != Transport::kUdp) return SendStream(to, bytes);
  UdpListener* listener = UdpListenerFor(to.local, to.remote.family());
  if (listener == nullptr) {
    ++counters_.send_errors;
    return MakeError(ErrorCode::kUnavailable, std::string("no ") + FamilyName(to.remote.family()) +
                                                  " UDP listener to send to " +
                                                  to.remote.ToString());
  }
  return SendUdp(*listener, to.remote, bytes);
}

Result<void> SipTransportLayer::SendResponse(const SipPeer& source, const SipMessage& response) {
  CHORUS_DCHECK(loop_.IsCurrent());
  std::string wire = response.Serialize();
  if (IsReliable(source.transport)) {
    // RFC 3261 18.2.2: back over the request's connection while it is open.
    if (StreamConnection* conn = FindConnection(source.connection_id)) {
      auto r = conn->Write(wire);
      if (!r) ++counters_.send_errors;
      return r;
    }
    SocketAddress dest = ResponseDestination(response.top_via(), source.transport, source.remote);
    return SendStream(SipPeer{source.transport, dest, SocketAddress(), 0}, wire);
  }
  SocketAddress dest = ResponseDestination(response.top_via(), Transport::kUdp, source.remote);
  if (!dest.valid()) {
    ++counters_.send_errors;
    return MakeError(ErrorCode::kInvalidArgument, "SIP response with no destination address");
  }
  UdpListener* listener = UdpListenerFor(source.local, dest.family());
  if (listener == nullptr) {
    ++counters_.send_errors;
    return MakeError(ErrorCode::kUnavailable, std::string("no ") + FamilyName(dest.family()) +
                                                  " UDP listener to send to " + dest.ToString());
  }
  return SendUdp(*listener, dest, wire);
}

}  // namespace chorus::b2bua
