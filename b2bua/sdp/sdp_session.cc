#include "b2bua/sdp/sdp_session.h"

#include <charconv>

namespace chorus::b2bua {
namespace {

char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool ContainsIgnoreCase(std::string_view haystack, std::string_view needle) {
  if (needle.size() > haystack.size()) return false;
  for (size_t i = 0; i + needle.size() <= haystack.size(); ++i) {
    if (EqualsIgnoreCase(haystack.substr(i, needle.size()), needle)) return true;
  }
  return false;
}

const SdpAttribute* FindIn(const std::vector<SdpAttribute>& attributes, std::string_view name) {
  for (const SdpAttribute& a : attributes) {
    if (EqualsIgnoreCase(a.name, name)) return &a;
  }
  return nullptr;
}

std::optional<SdpDirection> DirectionIn(const std::vector<SdpAttribute>& attributes) {
  std::optional<SdpDirection> found;
  for (const SdpAttribute& a : attributes) {
    if (a.has_value) continue;
    if (auto d = ParseSdpDirection(a.name)) found = d;
  }
  return found;
}

}  // namespace

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (Lower(a[i]) != Lower(b[i])) return false;
  }
  return true;
}

const char* SdpDirectionName(SdpDirection direction) {
  switch (direction) {
    case SdpDirection::kSendRecv:
      return "sendrecv";
    case SdpDirection::kSendOnly:
      return "sendonly";
    case SdpDirection::kRecvOnly:
      return "recvonly";
    case SdpDirection::kInactive:
      return "inactive";
  }
  return "sendrecv";
}

std::optional<SdpDirection> ParseSdpDirection(std::string_view name) {
  if (EqualsIgnoreCase(name, "sendrecv")) return SdpDirection::kSendRecv;
  if (EqualsIgnoreCase(name, "sendonly")) return SdpDirection::kSendOnly;
  if (EqualsIgnoreCase(name, "recvonly")) return SdpDirection::kRecvOnly;
  if (EqualsIgnoreCase(name, "inactive")) return SdpDirection::kInactive;
  return std::nullopt;
}

SdpDirection ReverseDirection(SdpDirection direction) {
  switch (direction) {
    case SdpDirection::kSendOnly:
      return SdpDirection::kRecvOnly;
    case SdpDirection::kRecvOnly:
      return SdpDirection::kSendOnly;
    default:
      return direction;
  }
}

SdpDirection IntersectDirections(SdpDirection a, SdpDirection b) {
  bool send = Sends(a) && Sends(b);
  bool recv = Receives(a) && Receives(b);
  if (send && recv) return SdpDirection::kSendRecv;
  if (send) return SdpDirection::kSendOnly;
  if (recv) return SdpDirection::kRecvOnly;
  return SdpDirection::kInactive;
}

bool SdpConnection::IsHoldAddress() const { return address == "0.0.0.0" || address == "::"; }

bool SdpOrigin::SameSession(const SdpOrigin& other) const {
  return username == other.username && session_id == other.session_id &&
         net_type == other.net_type && addr_type == other.addr_type && address == other.address;
}

bool SdpMedia::IsRtp() const {
  return ContainsIgnoreCase(proto, "RTP/AVP") || ContainsIgnoreCase(proto, "RTP/SAVP");
}

bool SdpMedia::IsSecureRtp() const {
  return EqualsIgnoreCase(proto, "RTP/SAVP") || EqualsIgnoreCase(proto, "RTP/SAVPF");
}

bool SdpMedia::HasFormat(std::string_view format) const {
  for (const std::string& f : formats) {
    if (f == format) return true;
  }
  return false;
}

const SdpAttribute* SdpMedia::FindAttribute(std::string_view name) const {
  return FindIn(attributes, name);
}

std::optional<std::string_view> SdpMedia::FormatAttribute(std::string_view name,
                                                          int payload_type) const {
  for (const SdpAttribute& a : attributes) {
    if (!a.has_value || !EqualsIgnoreCase(a.name, name)) continue;
    std::string_view v = a.value;
    int pt = -1;
    auto r = std::from_chars(v.data(), v.data() + v.size(), pt);
    if (r.ec != std::errc() || pt != payload_type) continue;
    v.remove_prefix(static_cast<size_t>(r.ptr - v.data()));
    if (!v.empty() && v.front() != ' ' && v.front() != '\t') continue;  // "a=fmtp:1011 ..."
    while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
    return v;
  }
  return std::nullopt;
}

std::optional<SdpDirection> SdpMedia::Direction() const { return DirectionIn(attributes); }

const SdpAttribute* SdpSession::FindAttribute(std::string_view name) const {
  return FindIn(attributes, name);
}

std::optional<SdpDirection> SdpSession::Direction() const { return DirectionIn(attributes); }

SdpDirection SdpSession::EffectiveDirection(const SdpMedia& m) const {
  if (auto d = m.Direction()) return *d;
  if (auto d = Direction()) return *d;
  return SdpDirection::kSendRecv;
}

const SdpConnection* SdpSession::EffectiveConnection(const SdpMedia& m) const {
  if (m.connection) return &*m.connection;
  if (connection) return &*connection;
  return nullptr;
}

}  // namespace chorus::b2bua
