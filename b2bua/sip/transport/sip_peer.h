#pragma once

// SipPeer: which transport and addresses a SIP message came in on or is to
// go out on. Plain value; any thread.

#include <cstdint>
#include <string_view>

#include "media/base/socket_address.h"

namespace chorus::b2bua {

enum class Transport : uint8_t { kUdp, kTcp, kTls };

// "UDP", "TCP", "TLS" (as in Via sent-protocol).
std::string_view TransportName(Transport t);
// Case-insensitive "udp"/"tcp"/"tls"; false for anything else.
bool ParseTransport(std::string_view name, Transport* out);
inline bool IsReliable(Transport t) { return t != Transport::kUdp; }

struct SipPeer {
  Transport transport = Transport::kUdp;
  SocketAddress remote;         // the other side
  SocketAddress local;          // our socket's address (listener or connection)
  uint64_t connection_id = 0;   // stream transports: the connection; 0 = none yet
};

}  // namespace chorus::b2bua
