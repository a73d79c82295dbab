#include "media/rtp/rtp_packet.h"

#include <string>

#include "media/base/check.h"
#include "media/rtp/byte_order.h"

namespace chorus::media {

std::string_view RtpFaultName(RtpFault fault) {
  switch (fault) {
    case RtpFault::kNone:
      return "none";
    case RtpFault::kTooShort:
      return "too_short";
    case RtpFault::kBadVersion:
      return "bad_version";
    case RtpFault::kCsrcOverrun:
      return "csrc_overrun";
    case RtpFault::kExtensionOverrun:
      return "extension_overrun";
    case RtpFault::kBadPadding:
      return "bad_padding";
  }
  return "unknown";
}

std::string_view RtpFaultText(RtpFault fault) {
  switch (fault) {
    case RtpFault::kNone:
      return "no fault";
    case RtpFault::kTooShort:
      return "datagram shorter than the 12-byte RTP header";
    case RtpFault::kBadVersion:
      return "RTP version is not 2";
    case RtpFault::kCsrcOverrun:
      return "CSRC list runs past the end of the datagram";
    case RtpFault::kExtensionOverrun:
      return "header extension runs past the end of the datagram";
    case RtpFault::kBadPadding:
      return "padding count is zero or larger than the payload";
  }
  return "unknown fault";
}

RtpFault RtpPacket::TryParse(std::span<const uint8_t> datagram, RtpPacket& out) {
  out = RtpPacket();
  const size_t size = datagram.size();
  if (size < kRtpFixedHeaderBytes) return RtpFault::kTooShort;
  const uint8_t* p = datagram.data();
  if ((p[0] >> 6) != kRtpVersion) return RtpFault::kBadVersion;

  size_t header = kRtpFixedHeaderBytes + 4 * static_cast<size_t>(p[0] & 0x0F);
  if (header > size) return RtpFault::kCsrcOverrun;

  size_t ext_offset = 0;
  size_t ext_bytes = 0;
  uint16_t ext_profile = 0;
  if ((p[0] & 0x10) != 0) {
    // RFC 3550 5.3.1: 16-bit profile field, 16-bit length in 32-bit words.
    if (size - header < 4) return RtpFault::kExtensionOverrun;
    ext_profile = LoadBe16(p + header);
    ext_bytes = 4 * static_cast<size_t>(LoadBe16(p + header + 2));
    ext_offset = header + 4;
    if (ext_bytes > size - ext_offset) return RtpFault::kExtensionOverrun;
    header = ext_offset + ext_bytes;
  }

  size_t padding = 0;
  if ((p[0] & 0x20) != 0) {
    // RFC 3550 5.1: the last octet counts the padding, itself included.
    padding = p[size - 1];
    if (padding == 0 || padding > size - header) return RtpFault::kBadPadding;
  }

  out.data_ = datagram;
  out.header_bytes_ = static_cast<uint32_t>(header);
  out.extension_offset_ = static_cast<uint32_t>(ext_offset);
  out.extension_bytes_ = static_cast<uint32_t>(ext_bytes);
  out.extension_profile_ = ext_profile;
  out.padding_bytes_ = static_cast<uint8_t>(padding);
  return RtpFault::kNone;
}

Result<RtpPacket> RtpPacket::Parse(std::span<const uint8_t> datagram) {
  RtpPacket packet;
  RtpFault fault = TryParse(datagram, packet);
  if (fault != RtpFault::kNone) {
    return MakeError(ErrorCode::kParse, "rtp: " + std::string(RtpFaultText(fault)) + " (" +
                                            std::to_string(datagram.size()) + " bytes)");
  }
  return packet;
}

SeqNum RtpPacket::seq() const { return SeqNum(LoadBe16(data_.data() + 2)); }

RtpTimestamp RtpPacket::timestamp() const { return RtpTimestamp(LoadBe32(data_.data() + 4)); }

uint32_t RtpPacket::ssrc() const { return LoadBe32(data_.data() + 8); }

uint32_t RtpPacket::csrc(size_t index) const {
  CHORUS_DCHECK(index < csrc_count());
  return LoadBe32(data_.data() + kRtpFixedHeaderBytes + 4 * index);
}

RtpHeaderExtensions RtpPacket::extensions() const {
  if (!has_extension() || data_.empty()) return RtpHeaderExtensions();
  return RtpHeaderExtensions(extension_profile_, extension_data());
}

}  // namespace chorus::media
