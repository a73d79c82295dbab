#include "media/rtcp/rtcp_packet.h"

#include <string>

#include "media/rtp/byte_order.h"

namespace chorus::media {
namespace {

constexpr size_t kHeaderBytes = 4;
constexpr size_t kReportBlockBytes = 24;
constexpr size_t kSenderInfoBytes = 20;

RtcpReportBlock ReadBlock(const uint8_t* p) {
  RtcpReportBlock b;
  b.ssrc = LoadBe32(p);
  b.fraction_lost = p[4];
  // 24-bit two's complement.
  uint32_t lost = LoadBe24(p + 5);
  b.cumulative_lost =
      (lost & 0x800000) ? static_cast<int32_t>(lost) - 0x1000000 : static_cast<int32_t>(lost);
  b.extended_highest_seq = LoadBe32(p + 8);
  b.jitter = LoadBe32(p + 12);
  b.last_sr = LoadBe32(p + 16);
  b.delay_since_last_sr = LoadBe32(p + 20);
  return b;
}

// SR (with_sender_info) or RR body after the 4-byte header.
RtcpFault ParseReport(std::span<const uint8_t> body, uint8_t count, bool with_sender_info,
                      RtcpCompound& out) {
  const size_t fixed = 4 + (with_sender_info ? kSenderInfoBytes : 0);
  // Extra bytes after the blocks are profile-specific extensions: ignored.
  if (body.size() < fixed + count * kReportBlockBytes) return RtcpFault::kReportOverrun;
  const uint8_t* p = body.data();
  if (!out.has_report) {
    out.has_report = true;
    out.has_sender_info = with_sender_info;
    out.sender_ssrc = LoadBe32(p);
    if (with_sender_info) {
      out.sender_info.ntp = NtpTime{LoadBe32(p + 4), LoadBe32(p + 8)};
      out.sender_info.rtp_timestamp = LoadBe32(p + 12);
      out.sender_info.packet_count = LoadBe32(p + 16);
      out.sender_info.octet_count = LoadBe32(p + 20);
    }
  }
  for (size_t i = 0; i < count; ++i) {
    if (out.block_count == kRtcpMaxReportBlocks) {
      out.blocks_dropped += count - i;
      break;
    }
    out.blocks[out.block_count++] = ReadBlock(p + fixed + i * kReportBlockBytes);
  }
  return RtcpFault::kNone;
}

RtcpFault ParseSdes(std::span<const uint8_t> body, uint8_t count, RtcpCompound& out) {
  size_t offset = 0;
  for (size_t chunk = 0; chunk < count && body.size() - offset >= 4; ++chunk) {
    const uint32_t ssrc = LoadBe32(body.data() + offset);
    offset += 4;
    while (offset < body.size()) {
      const uint8_t type = body[offset];
      if (type == 0) {
        // END, then null octets up to the next 32-bit boundary.
        offset = (offset + 4) & ~size_t{3};
        break;
      }
      if (body.size() - offset < 2) return RtcpFault::kSdesOverrun;
      const size_t len = body[offset + 1];
      if (len > body.size() - offset - 2) return RtcpFault::kSdesOverrun;
      if (type == kSdesCname && !out.has_cname) {
        out.has_cname = true;
        out.cname_ssrc = ssrc;
        out.cname = std::string_view(reinterpret_cast<const char*>(body.data() + offset + 2), len);
      }
      offset += 2 + len;
    }
    if (offset > body.size()) offset = body.size();
  }
  return RtcpFault::kNone;
}

RtcpFault ParseBye(std::span<const uint8_t> body, uint8_t count, RtcpCompound& out) {
  if (body.size() < 4 * static_cast<size_t>(count)) return RtcpFault::kByeOverrun;
  out.has_bye = true;
  for (size_t i = 0; i < count; ++i) {
    if (out.bye_count < out.bye_ssrcs.size())
      out.bye_ssrcs[out.bye_count++] = LoadBe32(&body[4 * i]);
  }
  const size_t offset = 4 * static_cast<size_t>(count);
  if (body.size() > offset) {
    const size_t len = body[offset];
    if (len > body.size() - offset - 1) return RtcpFault::kByeOverrun;
    out.bye_reason = std::string_view(reinterpret_cast<const char*>(body.data() + offset + 1), len);
  }
  return RtcpFault::kNone;
}

RtcpFault ParseApp(std::span<const uint8_t> body, uint8_t subtype, RtcpCompound& out) {
  if (body.size() < 8) return RtcpFault::kAppTooShort;
  ++out.app_count;
  out.last_app.subtype = subtype;
  out.last_app.ssrc = LoadBe32(body.data());
  for (size_t i = 0; i < 4; ++i) out.last_app.name[i] = static_cast<char>(body[4 + i]);
  out.last_app.data = body.subspan(8);
  return RtcpFault::kNone;
}

}  // namespace

std::string_view RtcpFaultName(RtcpFault fault) {
  switch (fault) {
    case RtcpFault::kNone:
      return "none";
    case RtcpFault::kTooShort:
      return "too_short";
    case RtcpFault::kBadVersion:
      return "bad_version";
    case RtcpFault::kLengthOverrun:
      return "length_overrun";
    case RtcpFault::kBadPadding:
      return "bad_padding";
    case RtcpFault::kFirstNotReport:
      return "first_not_report";
    case RtcpFault::kReportOverrun:
      return "report_overrun";
    case RtcpFault::kSdesOverrun:
      return "sdes_overrun";
    case RtcpFault::kByeOverrun:
      return "bye_overrun";
    case RtcpFault::kAppTooShort:
      return "app_too_short";
  }
  return "unknown";
}

std::string_view RtcpFaultText(RtcpFault fault) {
  switch (fault) {
    case RtcpFault::kNone:
      return "no fault";
    case RtcpFault::kTooShort:
      return "datagram or packet shorter than an RTCP header";
    case RtcpFault::kBadVersion:
      return "RTCP version is not 2";
    case RtcpFault::kLengthOverrun:
      return "RTCP length field runs past the end of the datagram";
    case RtcpFault::kBadPadding:
      return "RTCP padding count is zero or larger than the packet";
    case RtcpFault::kFirstNotReport:
      return "compound RTCP does not start with SR or RR";
    case RtcpFault::kReportOverrun:
      return "SR/RR report count runs past the packet";
    case RtcpFault::kSdesOverrun:
      return "SDES item runs past the packet";
    case RtcpFault::kByeOverrun:
      return "BYE source list or reason runs past the packet";
    case RtcpFault::kAppTooShort:
      return "APP packet lacks SSRC and name";
  }
  return "unknown fault";
}

RtcpFault RtcpCompound::TryParse(std::span<const uint8_t> datagram, RtcpCompound& out) {
  out = RtcpCompound();
  if (datagram.size() < 8) return RtcpFault::kTooShort;
  size_t offset = 0;
  while (offset < datagram.size()) {
    const size_t remaining = datagram.size() - offset;
    if (remaining < kHeaderBytes) return RtcpFault::kTooShort;
    const uint8_t* p = datagram.data() + offset;
    if ((p[0] >> 6) != 2) return RtcpFault::kBadVersion;
    const bool padded = (p[0] & 0x20) != 0;
    const uint8_t count = p[0] & 0x1F;
    const uint8_t type = p[1];
    const size_t size = (static_cast<size_t>(LoadBe16(p + 2)) + 1) * 4;
    if (size > remaining) return RtcpFault::kLengthOverrun;

    size_t body_size = size - kHeaderBytes;
    if (padded) {
      const size_t pad = p[size - 1];
      if (pad == 0 || pad > body_size) return RtcpFault::kBadPadding;
      body_size -= pad;
    }
    const std::span<const uint8_t> body(p + kHeaderBytes, body_size);

    if (out.packet_count == 0 && type != kRtcpSr && type != kRtcpRr) {
      if (type != kRtcpRtpfb && type != kRtcpPsfb) return RtcpFault::kFirstNotReport;
      out.reduced_size = true;
    }
    ++out.packet_count;

    RtcpFault fault = RtcpFault::kNone;
    switch (type) {
      case kRtcpSr:
        fault = ParseReport(body, count, true, out);
        break;
      case kRtcpRr:
        fault = ParseReport(body, count, false, out);
        break;
      case kRtcpSdes:
        fault = ParseSdes(body, count, out);
        break;
      case kRtcpBye:
        fault = ParseBye(body, count, out);
        break;
      case kRtcpApp:
        fault = ParseApp(body, count, out);
        break;
      case kRtcpRtpfb:
      case kRtcpPsfb:
        ++out.feedback_count;
        break;
      case kRtcpXr:
        ++out.xr_count;
        break;
      default:
        ++out.unknown_count;
        break;
    }
    if (fault != RtcpFault::kNone) return fault;
    offset += size;
  }
  return RtcpFault::kNone;
}

Result<RtcpCompound> RtcpCompound::Parse(std::span<const uint8_t> datagram) {
  RtcpCompound compound;
  RtcpFault fault = TryParse(datagram, compound);
  if (fault != RtcpFault::kNone) {
    return MakeError(ErrorCode::kParse, "rtcp: " + std::string(RtcpFaultText(fault)) + " (" +
                                            std::to_string(datagram.size()) + " bytes)");
  }
  return compound;
}

const RtcpReportBlock* RtcpCompound::FindBlock(uint32_t ssrc) const {
  for (size_t i = 0; i < block_count; ++i) {
    if (blocks[i].ssrc == ssrc) return &blocks[i];
  }
  return nullptr;
}

}  // namespace chorus::media
