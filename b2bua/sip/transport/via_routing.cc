#include "b2bua/sip/transport/via_routing.h"

#include <string>
#include <string_view>

#include "b2bua/sip/message/header_values.h"
#include "b2bua/sip/message/sip_chars.h"

namespace chorus::b2bua {
namespace {

bool IsIpEqual(std::string_view host, const SocketAddress& ip) {
  auto addr = SocketAddress::FromIp(host, 0);
  return addr && addr->SameIp(ip);
}

// Calls fn(param) for each ";"-separated via-param in `params` (trimmed,
// without the ';'), keeping quoted strings whole.
template <typename Fn>
void ForEachParam(std::string_view params, Fn&& fn) {
  size_t start = 0;
  bool quoted = false;
  for (size_t i = 0; i <= params.size(); ++i) {
    if (i < params.size()) {
      char c = params[i];
      if (quoted && c == '\\') {
        ++i;
        continue;
      }
      if (c == '"') quoted = !quoted;
      if (quoted || c != ';') continue;
    }
    std::string_view piece = sipchars::TrimWs(params.substr(start, i - start));
    if (!piece.empty()) fn(piece);
    start = i + 1;
  }
}

std::string_view ParamName(std::string_view param) {
  size_t eq = param.find('=');
  return sipchars::TrimWs(eq == std::string_view::npos ? param : param.substr(0, eq));
}

// The first element of a Via header value, as a view into it.
std::string_view FirstHop(std::string_view value) {
  std::string_view first;
  ForEachListElement(value, [&](std::string_view element) {
    first = element;
    return false;
  });
  return first;
}

uint16_t SentByPort(const ViaHop& via, Transport transport) {
  if (via.port != 0) return via.port;
  return transport == Transport::kTls ? kDefaultSipsPort : kDefaultSipPort;
}

}  // namespace

bool StampTopVia(SipMessage& request, const SocketAddress& source) {
  if (!request.is_request() || !source.valid()) return false;
  size_t index = 0;
  while (index < request.header_count() && request.header(index).id != HeaderId::kVia) ++index;
  if (index == request.header_count()) return false;
  std::string_view value = request.header(index).value;
  std::string_view element = FirstHop(value);
  if (element.empty()) return false;
  auto hop = ParseViaHop(element);
  if (!hop) return false;

  // RFC 3581 4: rport asks for the source port, and received comes with it.
  bool set_rport = hop->has_rport;
  bool set_received = set_rport || !IsIpEqual(hop->host, source);
  if (!set_received) return false;

  std::string ip = source.IpString();
  std::string port = std::to_string(source.port());
  size_t element_at = static_cast<size_t>(element.data() - value.data());
  size_t params_at = static_cast<size_t>(hop->params.data() - element.data());
  std::string out;
  out.reserve(value.size() + ip.size() + 24);
  out.append(value.substr(0, element_at));
  out.append(element.substr(0, params_at));
  ForEachParam(hop->params, [&](std::string_view param) {
    std::string_view name = ParamName(param);
    if (sipchars::EqualsNoCase(name, "received")) return;  // replaced below
    out.push_back(';');
    if (sipchars::EqualsNoCase(name, "rport")) {
      out.append("rport=").append(port);
    } else {
      out.append(param);
    }
  });
  // RFC 3261 18.2.1 / RFC 5118 4.5: the bare IP, no brackets for IPv6.
  out.append(";received=").append(ip);
  out.append(value.substr(element_at + element.size()));
  request.SetHeaderValue(index, out);
  return true;
}

SocketAddress ResponseDestination(const ViaHop& via, Transport transport,
                                  const SocketAddress& source) {
  if (via.host.empty()) return source;  // no usable Via
  uint16_t port = SentByPort(via, transport);
  if (transport == Transport::kUdp) {
    if (!via.maddr.empty()) {
      if (auto maddr = SocketAddress::FromIp(via.maddr, port)) return *maddr;
    }
    if (via.has_rport && !via.rport.empty()) {
      auto rport = ParseDecimal(via.rport, 65535);
      if (rport && *rport != 0) {
        auto ip = via.has_received ? SocketAddress::FromIp(via.received, 0)
                                   : Result<SocketAddress>(source);
        if (ip) {
          SocketAddress out = *ip;
          out.set_port(static_cast<uint16_t>(*rport));
          return out;
        }
      }
    }
  }
  if (via.has_received) {
    if (auto received = SocketAddress::FromIp(via.received, port)) return *received;
  }
  if (auto host = SocketAddress::FromIp(via.host, port)) return *host;
  if (transport != Transport::kUdp && source.valid()) {
    // RFC 3261 18.2.2: the received address (here: the source IP) and the
    // sent-by port.
    SocketAddress out = source;
    out.set_port(port);
    return out;
  }
  return source;
}

}  // namespace chorus::b2bua
