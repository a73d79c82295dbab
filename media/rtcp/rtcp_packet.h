#pragma once

// RtcpCompound: the parsed content of one compound RTCP packet (RFC 3550
// 6.1, A.2): SR/RR sender info and report blocks, the SDES CNAME, BYE and
// APP. Feedback (RTPFB/PSFB), XR and unknown packet types are counted and
// skipped. Every length is checked before it is read; text fields are
// views into the caller's buffer, so the result must not outlive it.
//
// Leniency where deployed clients need it, never at the cost of bounds:
//   - a compound made of feedback packets only (reduced-size RTCP,
//     RFC 5506) is accepted; any other compound must start with SR or RR;
//   - the padding bit is honoured on any packet (A.2 allows it only on the
//     last one) as long as the count fits the packet;
//   - SDES chunks may miss their END item at the end of the packet, and a
//     chunk count larger than the chunks present just ends the list;
//   - report blocks past the kRtcpMaxReportBlocks we keep are counted.
//
// TryParse allocates nothing (packet path); Parse adds a Result message.
// Any thread; plain value.

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "media/base/result.h"
#include "media/rtcp/rtcp_ntp.h"

namespace chorus::media {

// RFC 3550 12.1, RFC 4585 6.1, RFC 3611.
enum RtcpPacketType : uint8_t {
  kRtcpSr = 200,
  kRtcpRr = 201,
  kRtcpSdes = 202,
  kRtcpBye = 203,
  kRtcpApp = 204,
  kRtcpRtpfb = 205,
  kRtcpPsfb = 206,
  kRtcpXr = 207,
};

inline constexpr size_t kRtcpMaxReportBlocks = 31;  // the 5-bit count field
inline constexpr uint8_t kSdesCname = 1;

// RFC 3550 6.4.1.
struct RtcpReportBlock {
  uint32_t ssrc = 0;
  uint8_t fraction_lost = 0;
  int32_t cumulative_lost = 0;  // 24-bit signed on the wire
  uint32_t extended_highest_seq = 0;
  uint32_t jitter = 0;
  uint32_t last_sr = 0;              // compact NTP of the last SR received
  uint32_t delay_since_last_sr = 0;  // units of 1/65536 s
};

struct RtcpSenderInfo {
  NtpTime ntp;
  uint32_t rtp_timestamp = 0;
  uint32_t packet_count = 0;
  uint32_t octet_count = 0;
};

struct RtcpApp {
  uint8_t subtype = 0;
  uint32_t ssrc = 0;
  std::array<char, 4> name{};
  std::span<const uint8_t> data;
};

enum class RtcpFault : uint8_t {
  kNone = 0,
  kTooShort,        // under one 8-byte header, or a packet under 4 bytes
  kBadVersion,      // a packet whose version is not 2
  kLengthOverrun,   // a length field runs past the datagram
  kBadPadding,      // padding count 0 or larger than the packet body
  kFirstNotReport,  // compound does not start with SR or RR (A.2)
  kReportOverrun,   // SR/RR report count needs more bytes than present
  kSdesOverrun,     // an SDES item runs past its packet
  kByeOverrun,      // BYE source count or reason runs past its packet
  kAppTooShort,     // APP without SSRC and name
};

std::string_view RtcpFaultName(RtcpFault fault);
std::string_view RtcpFaultText(RtcpFault fault);

struct RtcpCompound {
  // From the first SR or RR (RR if has_sender_info is false).
  bool has_report = false;
  bool has_sender_info = false;
  uint32_t sender_ssrc = 0;
  RtcpSenderInfo sender_info;
  // Report blocks of every SR and RR in the compound, in order.
  std::array<RtcpReportBlock, kRtcpMaxReportBlocks> blocks{};
  size_t block_count = 0;
  size_t blocks_dropped = 0;

  bool has_cname = false;
  uint32_t cname_ssrc = 0;
  std::string_view cname;

  bool has_bye = false;
  std::array<uint32_t, kRtcpMaxReportBlocks> bye_ssrcs{};
  size_t bye_count = 0;
  std::string_view bye_reason;

  size_t app_count = 0;
  RtcpApp last_app;

  size_t feedback_count = 0;  // RTPFB + PSFB
  size_t xr_count = 0;
  size_t unknown_count = 0;
  size_t packet_count = 0;
  bool reduced_size = false;  // RFC 5506: no SR/RR first

  static RtcpFault TryParse(std::span<const uint8_t> datagram, RtcpCompound& out);
  static Result<RtcpCompound> Parse(std::span<const uint8_t> datagram);

  std::span<const RtcpReportBlock> report_blocks() const {
    return std::span<const RtcpReportBlock>(blocks.data(), block_count);
  }
  // The block about `ssrc`, or nullptr.
  const RtcpReportBlock* FindBlock(uint32_t ssrc) const;
};

}  // namespace chorus::media
