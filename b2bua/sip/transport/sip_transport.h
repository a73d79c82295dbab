#pragma once

// SipTransport: what the transaction layer needs from the transports
// (RFC 3261 18): send bytes to a peer. The concrete SipTransportLayer
// (UDP + TCP on the signalling loop) implements it; unit tests use a fake.
// Signalling thread only.

#include <string_view>

#include "b2bua/sip/transport/sip_peer.h"
#include "media/base/result.h"

namespace chorus::b2bua {

class SipMessage;

class SipTransport {
 public:
  virtual ~SipTransport() = default;

  // Sends a request (or an ACK) to `to`. For stream transports: over
  // `to.connection_id` while that connection is open, else over any open
  // connection to `to.remote`, else over a new connection.
  virtual Result<void> SendRequest(const SipPeer& to, std::string_view bytes) = 0;

  // Sends a response to a request that arrived from `source`, routed per
  // RFC 3261 18.2.2 and RFC 3581 from the response's top Via: over the
  // request's connection for stream transports (a new connection to the
  // Via's sent-by if it closed), else to the received/rport address.
  virtual Result<void> SendResponse(const SipPeer& source, const SipMessage& response) = 0;

  // The address to put in Via sent-by and Contact for this transport and
  // address family (AF_INET / AF_INET6) — the first matching listener.
  virtual SocketAddress AdvertisedAddress(Transport t, int family) const = 0;
};

}  // namespace chorus::b2bua
