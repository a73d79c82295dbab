#include "b2bua/sip/transport/udp_listener.h"

#include <algorithm>
#include <cstring>
#include <span>
#include <string>

#include "media/base/log.h"

namespace chorus::b2bua {

Result<std::unique_ptr<UdpListener>> UdpListener::Create(event_base* base, media::UdpSocket socket,
                                                         const Options& options,
                                                         OnDatagram on_datagram) {
  if (!socket.valid()) return MakeError(ErrorCode::kInvalidArgument, "UDP: no socket");
  std::unique_ptr<UdpListener> listener(
      new UdpListener(std::move(socket), options, std::move(on_datagram)));
  listener->event_.reset(event_new(base, listener->socket_.fd(), EV_READ | EV_PERSIST,
                                   &UdpListener::OnReadable, listener.get()));
  if (!listener->event_ || event_add(listener->event_.get(), nullptr) != 0) {
    return MakeError(ErrorCode::kIo,
                     "UDP " + listener->local_address().ToString() + ": event_add failed");
  }
  return listener;
}

UdpListener::UdpListener(media::UdpSocket socket, const Options& options, OnDatagram on_datagram)
    : socket_(std::move(socket)), options_(options), on_datagram_(std::move(on_datagram)) {
  options_.read_bytes = std::clamp<size_t>(options_.read_bytes, 1, kMaxReadBytes);
  options_.batch = std::max(1, options_.batch);
  buffer_ = std::make_unique<uint8_t[]>(options_.read_bytes);
}

void UdpListener::OnReadable(evutil_socket_t, short, void* arg) {
  static_cast<UdpListener*>(arg)->ReadBatch();
}

void UdpListener::ReadBatch() {
  std::span<uint8_t> buffer(buffer_.get(), options_.read_bytes);
  for (int i = 0; i < options_.batch; ++i) {
    media::ReceivedDatagram got;
    switch (socket_.ReceiveFrom(buffer, got)) {
      case media::IoStatus::kWouldBlock:
        return;
      case media::IoStatus::kError:
        // ICMP errors from earlier sends surface here (ECONNREFUSED): not ours to act on.
        CHORUS_LOG(kDebug, "sip.udp.recv_error")
            .Kv("local", local_address().ToString())
            .Kv("error", strerror(socket_.last_errno()));
        continue;
      case media::IoStatus::kOk:
      case media::IoStatus::kTruncated:
        on_datagram_(*this,
                     std::string_view(reinterpret_cast<const char*>(buffer_.get()), got.size),
                     got.wire_size, got.from);
        continue;
    }
  }
}

Result<void> UdpListener::Send(const SocketAddress& to, std::string_view bytes) {
  if (to.family() != local_address().family()) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "UDP " + local_address().ToString() + " cannot send to " + to.ToString());
  }
  std::span<const uint8_t> data(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
  if (socket_.SendTo(data, to) != media::IoStatus::kOk) {
    return MakeError(ErrorCode::kIo, "UDP " + local_address().ToString() + " -> " + to.ToString() +
                                         ": " + strerror(socket_.last_errno()));
  }
  return Ok();
}

}  // namespace chorus::b2bua
