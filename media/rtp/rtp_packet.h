#pragma once

// RtpPacket: a read-only, zero-copy view of one RTP datagram (RFC 3550 5.1):
// fixed header, CSRC list, header extension (RFC 3550 5.3.1, elements per
// RFC 8285), payload and padding. Parsing checks every length against the
// datagram, so a parsed view never reads outside it. The view borrows the
// caller's buffer and must not outlive it. Any thread; plain value.
//
// TryParse is the packet-path entry point: it allocates nothing and returns
// a fault code for metrics. Parse wraps it into a Result whose message names
// the fault (it allocates on failure only).

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "media/base/result.h"
#include "media/rtp/rtp_header_extension.h"
#include "media/rtp/rtp_types.h"

namespace chorus::media {

inline constexpr size_t kRtpFixedHeaderBytes = 12;
inline constexpr uint8_t kRtpVersion = 2;

enum class RtpFault : uint8_t {
  kNone = 0,
  kTooShort,          // fewer than 12 bytes
  kBadVersion,        // version field is not 2
  kCsrcOverrun,       // the CSRC list runs past the datagram
  kExtensionOverrun,  // the extension header or its data runs past the datagram
  kBadPadding,        // P bit set with a zero count or a count larger than the payload
};

// Short stable name for metric labels: "too_short", "bad_version", ...
std::string_view RtpFaultName(RtpFault fault);
// Human-readable description for logs.
std::string_view RtpFaultText(RtpFault fault);

// Accessors are valid only on a view filled by a successful parse.
class RtpPacket {
 public:
  RtpPacket() = default;

  static RtpFault TryParse(std::span<const uint8_t> datagram, RtpPacket& out);
  static Result<RtpPacket> Parse(std::span<const uint8_t> datagram);

  uint8_t version() const { return data_[0] >> 6; }
  bool marker() const { return (data_[1] & 0x80) != 0; }
  uint8_t payload_type() const { return data_[1] & 0x7F; }
  SeqNum seq() const;
  RtpTimestamp timestamp() const;
  uint32_t ssrc() const;

  size_t csrc_count() const { return data_[0] & 0x0F; }
  // index < csrc_count().
  uint32_t csrc(size_t index) const;

  bool has_extension() const { return (data_[0] & 0x10) != 0; }
  // The 16-bit "defined by profile" field; 0 without an extension.
  uint16_t extension_profile() const { return extension_profile_; }
  // Extension body after its 4-byte header; empty without an extension.
  std::span<const uint8_t> extension_data() const {
    return data_.subspan(extension_offset_, extension_bytes_);
  }
  RtpHeaderExtensions extensions() const;

  size_t header_bytes() const { return header_bytes_; }
  size_t padding_bytes() const { return padding_bytes_; }
  std::span<const uint8_t> payload() const {
    return data_.subspan(header_bytes_, data_.size() - header_bytes_ - padding_bytes_);
  }
  std::span<const uint8_t> data() const { return data_; }
  size_t size() const { return data_.size(); }

 private:
  std::span<const uint8_t> data_;
  uint32_t header_bytes_ = 0;
  uint32_t extension_offset_ = 0;
  uint32_t extension_bytes_ = 0;
  uint16_t extension_profile_ = 0;
  uint8_t padding_bytes_ = 0;
};

}  // namespace chorus::media
