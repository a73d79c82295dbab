#pragma once

// Typed views of the SDP attributes offer/answer relies on. Each Parse*
// takes the attribute value (what follows "a=<name>:") and returns a struct
// or an ErrorCode::kParse error naming the attribute and the fault; each
// Format* writes the value back. The Find* helpers read a media section and
// treat a malformed attribute as absent (a peer's odd line on one stream must
// not sink the call). Pure functions, any thread.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "b2bua/sdp/sdp_session.h"
#include "media/base/result.h"

namespace chorus::b2bua {

// "IN IP4|IP6 <address>[/ttl[/count]]", the value of c= (RFC 8866 5.7) and
// the tail of a=rtcp. The address must be a literal of that family or a host
// name.
Result<SdpConnection> ParseConnection(std::string_view value);

// a=rtpmap:<pt> <encoding>/<clock rate>[/<channels>] (RFC 8866 6.6).
struct SdpRtpmap {
  int payload_type = 0;
  std::string encoding;  // as written; compare case-insensitively
  int clock_rate_hz = 0;
  int channels = 0;  // 0 when the line does not say (means 1 for audio)

  bool operator==(const SdpRtpmap&) const = default;
};
Result<SdpRtpmap> ParseRtpmap(std::string_view value);
std::string FormatRtpmap(const SdpRtpmap& rtpmap);
std::optional<SdpRtpmap> FindRtpmap(const SdpMedia& media, int payload_type);

// The parameters of a=fmtp:<pt> <params>: "key=value;key=value" (RFC 8866
// 6.15), keys lower-cased (media type parameters are case-insensitive).
// Items without '=' (telephone-event's "0-15") are kept with an empty value.
// At most kMaxParams items are kept.
class FmtpParams {
 public:
  static constexpr size_t kMaxParams = 32;

  FmtpParams() = default;
  static FmtpParams Parse(std::string_view params);

  std::optional<std::string_view> Get(std::string_view key) const;
  // The value as an integer, or nullopt when absent or not a number.
  std::optional<int64_t> GetInt(std::string_view key) const;
  const std::vector<std::pair<std::string, std::string>>& items() const { return items_; }
  bool empty() const { return items_.empty(); }
  // "k=v;k=v".
  std::string ToString() const;

  bool operator==(const FmtpParams&) const = default;

 private:
  std::vector<std::pair<std::string, std::string>> items_;
};
// The raw "<params>" of the a=fmtp line for this payload type, parsed.
FmtpParams FindFmtp(const SdpMedia& media, int payload_type);

// a=ptime / a=maxptime (RFC 8866 6.4, 6.5): milliseconds, possibly
// fractional ("22.5"); rounded to the nearest millisecond, 1-1000.
Result<int> ParsePacketTime(std::string_view value);
std::optional<int> FindPtimeMs(const SdpMedia& media);
std::optional<int> FindMaxPtimeMs(const SdpMedia& media);

// a=rtcp:<port> [IN IP4|IP6 <address>] (RFC 3605).
struct SdpRtcp {
  uint16_t port = 0;
  std::optional<SdpConnection> connection;

  bool operator==(const SdpRtcp&) const = default;
};
Result<SdpRtcp> ParseRtcp(std::string_view value);
std::optional<SdpRtcp> FindRtcp(const SdpMedia& media);

// a=extmap:<id>[/<direction>] <uri> [<extension attributes>] (RFC 8285 5).
struct SdpExtmap {
  int id = 0;  // 1-14 one-byte form, 1-255 two-byte form (15 is reserved)
  std::optional<SdpDirection> direction;
  std::string uri;
  std::string attributes;

  bool operator==(const SdpExtmap&) const = default;
};
inline constexpr std::string_view kAudioLevelUri = "urn:ietf:params:rtp-hdrext:ssrc-audio-level";
Result<SdpExtmap> ParseExtmap(std::string_view value);
std::string FormatExtmap(const SdpExtmap& extmap);
// Well-formed a=extmap lines of a media section, in order.
std::vector<SdpExtmap> FindExtmaps(const SdpMedia& media);

// Parses "<pt>" as written in an m= line of an RTP profile.
std::optional<int> ParsePayloadType(std::string_view format);

}  // namespace chorus::b2bua
