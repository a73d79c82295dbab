#pragma once

// UdpListener: one bound UDP socket (media::UdpSocket) of the SIP transport
// on the signalling loop. Reads datagrams until EAGAIN, at most `batch` per
// wake-up so a flood on one socket cannot starve the rest of the loop (the
// level-triggered event fires again on the next turn). The receive buffer
// is allocated once, at most 64 KiB: larger datagrams arrive cut, with
// their full size. Owned by SipTransportLayer; signalling thread only.

#include <cstddef>
#include <functional>
#include <memory>
#include <string_view>

#include "media/base/event_loop.h"
#include "media/base/result.h"
#include "media/base/socket_address.h"
#include "media/net/udp_socket.h"

namespace chorus::b2bua {

class UdpListener {
 public:
  // `bytes` holds at most the buffer size; `full_size` is the datagram's
  // real size (larger when cut). `bytes` is valid during the call.
  using OnDatagram = std::function<void(UdpListener& listener, std::string_view bytes,
                                        size_t full_size, const SocketAddress& from)>;
  // Largest read; UDP payloads cannot exceed it (IPv4 65507, IPv6 without
  // jumbograms 65527).
  static constexpr size_t kMaxReadBytes = 64 * 1024;

  struct Options {
    // Bytes read per datagram: larger ones are cut here (reported through
    // `full_size`). Capped at kMaxReadBytes.
    size_t read_bytes = kMaxReadBytes;
    int batch = 64;
  };

  static Result<std::unique_ptr<UdpListener>> Create(event_base* base, media::UdpSocket socket,
                                                     const Options& options,
                                                     OnDatagram on_datagram);
  UdpListener(const UdpListener&) = delete;
  UdpListener& operator=(const UdpListener&) = delete;

  const SocketAddress& local_address() const { return socket_.local_address(); }

  // One sendto(). A full socket buffer is an error like any other: UDP
  // senders retransmit (RFC 3261 17.1.1.2).
  Result<void> Send(const SocketAddress& to, std::string_view bytes);

 private:
  UdpListener(media::UdpSocket socket, const Options& options, OnDatagram on_datagram);
  static void OnReadable(evutil_socket_t fd, short what, void* arg);
  void ReadBatch();

  media::UdpSocket socket_;
  Options options_;
  OnDatagram on_datagram_;
  std::unique_ptr<uint8_t[]> buffer_;
  UniqueEvent event_;
};

}  // namespace chorus::b2bua
