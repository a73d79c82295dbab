#pragma once

// The Via rules of the server transport:
//   - StampTopVia (RFC 3261 18.2.1, RFC 3581 4): on a received request, note
//     in the top Via where the request really came from, so the response
//     finds its way back through NATs.
//   - ResponseDestination (RFC 3261 18.2.2, RFC 3581 4): where a response
//     goes, read from its top Via, when it is not sent back over the
//     request's connection.
// Host names are never resolved (no DNS on the signalling thread): when the
// Via gives no numeric destination, the request's source is used.
// Stateless; any thread.

#include <cstdint>

#include "b2bua/sip/message/sip_message.h"
#include "b2bua/sip/transport/sip_peer.h"
#include "media/base/socket_address.h"

namespace chorus::b2bua {

inline constexpr uint16_t kDefaultSipPort = 5060;
inline constexpr uint16_t kDefaultSipsPort = 5061;

// On a request from `source`: adds received=<source IP> when the top Via's
// sent-by host is not that IP; when the Via has rport, sets it to the
// source port and adds received as well. An rport that already carries a
// value is overwritten, so responses always go back to where the request
// came from. Only the first hop of the first Via header changes (it may be
// one element of a comma list); an existing received is replaced. Returns
// whether the message changed (false for responses and unparsable Vias).
bool StampTopVia(SipMessage& request, const SocketAddress& source);

// Where a response with top Via `via` goes, for a request that came from
// `source` over `transport`:
//   UDP: maddr (a numeric one) with the sent-by port; else, with a numeric
//     rport, received (or the source IP) and that port; else received, or
//     the sent-by host when numeric, with the sent-by port.
//   Streams (the request's connection is gone): received, or the sent-by
//     host when numeric, or the source IP, with the sent-by port.
// Missing ports default to 5060 (5061 for TLS). Falls back to `source`.
SocketAddress ResponseDestination(const ViaHop& via, Transport transport,
                                  const SocketAddress& source);

}  // namespace chorus::b2bua
