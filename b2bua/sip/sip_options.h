#pragma once

// Options of the SIP stack (transports, transaction timers), filled from the
// `sip:` config section by app/ and passed down by const reference.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "media/base/socket_address.h"

namespace chorus::b2bua {

struct SipOptions {
  // UDP and TCP listen on each of these.
  std::vector<SocketAddress> listen;
  // Larger messages get 513 (UDP) or close the connection (TCP).
  size_t max_message_bytes = 64 * 1024;
  // RFC 3261 17.1.1.1 timer values.
  int64_t t1_ms = 500;
  int64_t t2_ms = 4000;
  int64_t t4_ms = 5000;
  // TCP connections with no traffic for this long are closed.
  int64_t tcp_idle_timeout_ms = 300'000;
  // Accepted TCP connections per remote IP.
  int tcp_max_connections_per_ip = 64;
  // Sent in Server / User-Agent.
  std::string server_name = "Chorus";
};

struct LimitsOptions {
  // INVITEs beyond this many active calls get 503 with Retry-After.
  int max_calls = 1000;
  int retry_after_s = 5;
};

}  // namespace chorus::b2bua
