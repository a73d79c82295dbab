#pragma once

// SdpSession: the parsed form of one session description (RFC 8866, which
// RFC 4566 bodies also follow). Plain values, copyable, any thread; produced
// by ParseSdp() (sdp_parser.h), written by BuildSdp() (sdp_builder.h).
//
// Lines that negotiation needs get fields (o=, c=, m=, b=, t=); attributes
// stay a list of name/value pairs in their original order so unknown ones
// survive a round trip verbatim. Typed views of the attributes offer/answer
// uses (rtpmap, fmtp, ptime, direction, rtcp, crypto, extmap) are parsed on
// demand by the accessors below and the functions in sdp_attributes.h.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace chorus::b2bua {

// RFC 8866 6.7 / RFC 3264 6.1: direction of a stream from the point of view
// of the side that wrote the description.
enum class SdpDirection { kSendRecv, kSendOnly, kRecvOnly, kInactive };

const char* SdpDirectionName(SdpDirection direction);  // "sendrecv", ...
std::optional<SdpDirection> ParseSdpDirection(std::string_view name);
// The same stream seen from the other side: sendonly <-> recvonly.
SdpDirection ReverseDirection(SdpDirection direction);
// What both allow: send only if both allow sending, receive likewise.
SdpDirection IntersectDirections(SdpDirection a, SdpDirection b);
inline bool Sends(SdpDirection d) {
  return d == SdpDirection::kSendRecv || d == SdpDirection::kSendOnly;
}
inline bool Receives(SdpDirection d) {
  return d == SdpDirection::kSendRecv || d == SdpDirection::kRecvOnly;
}

// a=<name>[:<value>]. `has_value` tells "a=foo" from "a=foo:".
struct SdpAttribute {
  std::string name;
  std::string value;
  bool has_value = false;

  bool operator==(const SdpAttribute&) const = default;
};

// c=IN IP4 192.0.2.1 (RFC 8866 5.7). `address` holds the host part only;
// a multicast "/ttl[/count]" suffix is kept verbatim in `multicast_suffix`.
struct SdpConnection {
  std::string net_type = "IN";
  std::string addr_type = "IP4";  // "IP4" or "IP6"
  std::string address;
  std::string multicast_suffix;  // "" or e.g. "/127/3"

  bool is_ip6() const { return addr_type == "IP6"; }
  // RFC 3264 8.4: c=0.0.0.0 is the RFC 2543 way of putting a stream on hold;
  // "::" is its IPv6 counterpart.
  bool IsHoldAddress() const;
  bool operator==(const SdpConnection&) const = default;
};

// o=<username> <sess-id> <sess-version> <nettype> <addrtype> <address>.
// Id and version stay text: they are compared, never computed on.
struct SdpOrigin {
  std::string username = "-";
  std::string session_id = "0";
  std::string session_version = "0";
  std::string net_type = "IN";
  std::string addr_type = "IP4";
  std::string address = "0.0.0.0";

  // Same session (all fields but the version), RFC 3264 8.
  bool SameSession(const SdpOrigin& other) const;
  bool operator==(const SdpOrigin&) const = default;
};

// b=<bwtype>:<bandwidth>.
struct SdpBandwidth {
  std::string type;  // "AS", "CT", "TIAS", ...
  uint64_t value = 0;

  bool operator==(const SdpBandwidth&) const = default;
};

// t=<start> <stop> with its r= lines, kept as text.
struct SdpTiming {
  std::string start = "0";
  std::string stop = "0";
  std::vector<std::string> repeats;

  bool operator==(const SdpTiming&) const = default;
};

// One m= section.
struct SdpMedia {
  std::string media;  // "audio", "video", ...
  uint16_t port = 0;
  uint16_t port_count = 1;  // "49170/2"; 1 when absent
  std::string proto;        // "RTP/AVP", ...
  std::vector<std::string> formats;
  std::optional<std::string> title;  // i=
  std::optional<SdpConnection> connection;
  std::vector<SdpBandwidth> bandwidths;
  std::optional<std::string> key;  // k= (obsolete, kept verbatim)
  std::vector<SdpAttribute> attributes;

  bool operator==(const SdpMedia&) const = default;

  // RTP/AVP, RTP/SAVP, RTP/AVPF, RTP/SAVPF and the profiles layered on them
  // (UDP/TLS/RTP/SAVPF, RTP/AVP/TCP...): their formats are payload types.
  bool IsRtp() const;
  // RTP/SAVP and RTP/SAVPF (SDES SRTP, RFC 4568).
  bool IsSecureRtp() const;
  bool HasFormat(std::string_view format) const;

  // First attribute with this name (case-insensitive), or nullptr.
  const SdpAttribute* FindAttribute(std::string_view name) const;
  bool HasAttribute(std::string_view name) const { return FindAttribute(name) != nullptr; }
  // Value of "a=<name>:<payload type> <rest>" for this payload type
  // (rtpmap, fmtp): `rest`, or nullopt.
  std::optional<std::string_view> FormatAttribute(std::string_view name, int payload_type) const;
  // Media-level direction attribute (last one wins), or nullopt.
  std::optional<SdpDirection> Direction() const;
};

struct SdpSession {
  int version = 0;  // v=
  SdpOrigin origin;
  std::string name = "-";           // s=; an empty or missing value reads as "-"
  std::optional<std::string> info;  // i=
  std::optional<std::string> uri;   // u=
  std::vector<std::string> emails;  // e=
  std::vector<std::string> phones;  // p=
  std::optional<SdpConnection> connection;
  std::vector<SdpBandwidth> bandwidths;
  std::vector<SdpTiming> timings;    // at least one after parsing
  std::optional<std::string> zones;  // z=
  std::optional<std::string> key;    // k=
  std::vector<SdpAttribute> attributes;
  std::vector<SdpMedia> media;

  bool operator==(const SdpSession&) const = default;

  const SdpAttribute* FindAttribute(std::string_view name) const;
  // Session-level direction attribute (last one wins), or nullopt.
  std::optional<SdpDirection> Direction() const;
  // Media level wins over session level; sendrecv when neither says
  // (RFC 8866 6.7).
  SdpDirection EffectiveDirection(const SdpMedia& m) const;
  // Media-level c= if present, else the session-level one, else nullptr.
  const SdpConnection* EffectiveConnection(const SdpMedia& m) const;
};

// Case-insensitive ASCII comparison (tokens, encoding names, protos).
bool EqualsIgnoreCase(std::string_view a, std::string_view b);

}  // namespace chorus::b2bua
