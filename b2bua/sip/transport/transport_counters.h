#pragma once

// SipTransportCounters: what the SIP transports count for metrics. Plain
// fields written and read on the signalling thread only (the scrape runs
// there too). Monotonic; never reset.

#include <cstdint>

namespace chorus::b2bua {

struct SipTransportCounters {
  // UDP datagrams, including keep-alives and ones that fail to parse.
  uint64_t udp_datagrams_in = 0;
  uint64_t udp_bytes_in = 0;
  uint64_t udp_datagrams_out = 0;
  uint64_t udp_bytes_out = 0;
  // Stream bytes read from and queued to connections.
  uint64_t tcp_bytes_in = 0;
  uint64_t tcp_bytes_out = 0;
  // Messages handed to the handler (valid or not).
  uint64_t messages_in = 0;
  // Handed up with a non-zero parse status, or dropped as not SIP at all.
  uint64_t parse_failures = 0;
  // Datagrams over max_message_bytes, stream messages declared over it or
  // header sections growing past it.
  uint64_t oversize = 0;
  // Stream messages without a usable Content-Length (RFC 3261 18.3).
  uint64_t unframeable = 0;
  // UDP CRLF / NUL datagrams and stream CRLFCRLF pings (RFC 5626 3.5.1).
  uint64_t keepalives = 0;
  uint64_t tcp_accepts = 0;
  // Accepted then closed at once: per-IP or global connection cap.
  uint64_t tcp_rejected_by_cap = 0;
  uint64_t tcp_accept_errors = 0;
  uint64_t tcp_idle_closes = 0;
  // Outbound connections started, and those that failed to connect.
  uint64_t tcp_connects = 0;
  uint64_t tcp_connect_failures = 0;
  // Connections closed because the peer stopped reading.
  uint64_t tcp_output_overflows = 0;
  uint64_t tcp_closes = 0;
  // Sends that failed at once (sendto error, no listener, closed connection).
  uint64_t send_errors = 0;
};

}  // namespace chorus::b2bua
