#include "media/base/socket_address.h"

#include <arpa/inet.h>

#include <charconv>
#include <cstring>

namespace chorus {

Result<SocketAddress> SocketAddress::FromIp(std::string_view ip, uint16_t port) {
  if (ip.size() >= 2 && ip.front() == '[' && ip.back() == ']') ip = ip.substr(1, ip.size() - 2);
  char buf[INET6_ADDRSTRLEN + 1];
  if (ip.empty() || ip.size() >= sizeof(buf)) {
    return MakeError(ErrorCode::kInvalidArgument, "'" + std::string(ip) + "' is not an IP address");
  }
  memcpy(buf, ip.data(), ip.size());
  buf[ip.size()] = '\0';
  SocketAddress out;
  auto* v4 = reinterpret_cast<sockaddr_in*>(&out.storage_);
  auto* v6 = reinterpret_cast<sockaddr_in6*>(&out.storage_);
  if (inet_pton(AF_INET, buf, &v4->sin_addr) == 1) {
    v4->sin_family = AF_INET;
    v4->sin_port = htons(port);
    return out;
  }
  out.storage_ = {};
  if (inet_pton(AF_INET6, buf, &v6->sin6_addr) == 1) {
    v6->sin6_family = AF_INET6;
    v6->sin6_port = htons(port);
    return out;
  }
  return MakeError(ErrorCode::kInvalidArgument, "'" + std::string(ip) + "' is not an IP address");
}

Result<SocketAddress> SocketAddress::Parse(std::string_view text, int default_port) {
  std::string_view host;
  std::string_view port_text;
  bool has_port = false;
  if (!text.empty() && text.front() == '[') {
    size_t close = text.find(']');
    if (close == std::string_view::npos) {
      return MakeError(ErrorCode::kInvalidArgument, "'" + std::string(text) + "': missing ']'");
    }
    host = text.substr(1, close - 1);
    std::string_view rest = text.substr(close + 1);
    if (!rest.empty()) {
      if (rest.front() != ':') {
        return MakeError(ErrorCode::kInvalidArgument,
                         "'" + std::string(text) + "': expected ':' after ']'");
      }
      port_text = rest.substr(1);
      has_port = true;
    }
  } else {
    size_t colon = text.find(':');
    if (colon != std::string_view::npos && text.find(':', colon + 1) != std::string_view::npos) {
      host = text;  // bare IPv6 literal without port
    } else if (colon != std::string_view::npos) {
      host = text.substr(0, colon);
      port_text = text.substr(colon + 1);
      has_port = true;
    } else {
      host = text;
    }
  }
  int port = default_port;
  if (has_port) {
    unsigned value = 0;
    auto r = std::from_chars(port_text.data(), port_text.data() + port_text.size(), value);
    if (port_text.empty() || r.ec != std::errc() || r.ptr != port_text.data() + port_text.size() ||
        value > 65535) {
      return MakeError(ErrorCode::kInvalidArgument,
                       "'" + std::string(text) + "': port must be a number 0-65535");
    }
    port = static_cast<int>(value);
  }
  if (port < 0) {
    return MakeError(ErrorCode::kInvalidArgument, "'" + std::string(text) + "': missing port");
  }
  return FromIp(host, static_cast<uint16_t>(port));
}

SocketAddress SocketAddress::FromSockaddr(const sockaddr* sa, socklen_t len) {
  SocketAddress out;
  if (sa != nullptr && len > 0 && static_cast<size_t>(len) <= sizeof(out.storage_)) {
    memcpy(&out.storage_, sa, len);
  }
  return out;
}

uint16_t SocketAddress::port() const {
  if (storage_.ss_family == AF_INET) {
    return ntohs(reinterpret_cast<const sockaddr_in*>(&storage_)->sin_port);
  }
  if (storage_.ss_family == AF_INET6) {
    return ntohs(reinterpret_cast<const sockaddr_in6*>(&storage_)->sin6_port);
  }
  return 0;
}

void SocketAddress::set_port(uint16_t port) {
  if (storage_.ss_family == AF_INET) {
    reinterpret_cast<sockaddr_in*>(&storage_)->sin_port = htons(port);
  } else if (storage_.ss_family == AF_INET6) {
    reinterpret_cast<sockaddr_in6*>(&storage_)->sin6_port = htons(port);
  }
}

socklen_t SocketAddress::sockaddr_len() const {
  if (storage_.ss_family == AF_INET) return sizeof(sockaddr_in);
  if (storage_.ss_family == AF_INET6) return sizeof(sockaddr_in6);
  return 0;
}

std::string SocketAddress::IpString() const {
  char buf[INET6_ADDRSTRLEN] = {0};
  if (storage_.ss_family == AF_INET) {
    inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(&storage_)->sin_addr, buf, sizeof(buf));
  } else if (storage_.ss_family == AF_INET6) {
    inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6*>(&storage_)->sin6_addr, buf,
              sizeof(buf));
  } else {
    return "";
  }
  return buf;
}

std::string SocketAddress::ToString() const {
  if (!valid()) return "-";
  std::string ip = IpString();
  if (is_v6()) return "[" + ip + "]:" + std::to_string(port());
  return ip + ":" + std::to_string(port());
}

bool SocketAddress::SameIp(const SocketAddress& other) const {
  if (storage_.ss_family != other.storage_.ss_family) return false;
  if (storage_.ss_family == AF_INET) {
    return reinterpret_cast<const sockaddr_in*>(&storage_)->sin_addr.s_addr ==
           reinterpret_cast<const sockaddr_in*>(&other.storage_)->sin_addr.s_addr;
  }
  if (storage_.ss_family == AF_INET6) {
    return memcmp(&reinterpret_cast<const sockaddr_in6*>(&storage_)->sin6_addr,
                  &reinterpret_cast<const sockaddr_in6*>(&other.storage_)->sin6_addr,
                  sizeof(in6_addr)) == 0;
  }
  return false;
}

bool SocketAddress::operator==(const SocketAddress& other) const {
  return SameIp(other) && port() == other.port();
}

size_t SocketAddress::Hash() const {
  size_t h = std::hash<uint16_t>()(port()) ^ (static_cast<size_t>(storage_.ss_family) << 20);
  if (storage_.ss_family == AF_INET) {
    h ^= std::hash<uint32_t>()(reinterpret_cast<const sockaddr_in*>(&storage_)->sin_addr.s_addr) *
         0x9e3779b97f4a7c15ULL;
  } else if (storage_.ss_family == AF_INET6) {
    const auto* a = reinterpret_cast<const sockaddr_in6*>(&storage_)->sin6_addr.s6_addr;
    for (int i = 0; i < 16; ++i) h = h * 131 + a[i];
  }
  return h;
}

}  // namespace chorus
