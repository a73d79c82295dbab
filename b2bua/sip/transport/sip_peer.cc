#include "b2bua/sip/transport/sip_peer.h"

#include "b2bua/sip/message/sip_chars.h"

namespace chorus::b2bua {

std::string_view TransportName(Transport t) {
  switch (t) {
    case Transport::kUdp: return "UDP";
    case Transport::kTcp: return "TCP";
    case Transport::kTls: return "TLS";
  }
  return "UDP";
}

bool ParseTransport(std::string_view name, Transport* out) {
  for (Transport t : {Transport::kUdp, Transport::kTcp, Transport::kTls}) {
    if (sipchars::EqualsNoCase(name, TransportName(t))) {
      *out = t;
      return true;
    }
  }
  return false;
}

}  // namespace chorus::b2bua
