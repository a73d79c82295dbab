#pragma once

// RtcpBuilder: writes a compound RTCP packet into a caller buffer (RFC 3550
// 6.4 and 6.5): SR or RR with report blocks, SDES with a CNAME, BYE. Each
// Add either fits whole or leaves the buffer untouched and returns false.
// BuildRtcpReport is the usual periodic report: SR (RR when we sent
// nothing) + one report block for the received stream + SDES CNAME.
//
// Used by the stream's RtcpState on its media worker; allocation-free.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "media/rtcp/rtcp_packet.h"

namespace chorus::media {

class RtcpBuilder {
 public:
  explicit RtcpBuilder(std::span<uint8_t> out) : out_(out) {}

  bool AddSenderReport(uint32_t ssrc, const RtcpSenderInfo& info,
                       std::span<const RtcpReportBlock> blocks);
  bool AddReceiverReport(uint32_t ssrc, std::span<const RtcpReportBlock> blocks);
  // CNAME up to 255 bytes (the SDES length octet).
  bool AddSdesCname(uint32_t ssrc, std::string_view cname);
  // Reason up to 255 bytes.
  bool AddBye(uint32_t ssrc, std::string_view reason = {});

  size_t size() const { return size_; }
  std::span<const uint8_t> data() const { return out_.first(size_); }

 private:
  bool AddReport(uint8_t type, uint32_t ssrc, const RtcpSenderInfo* info,
                 std::span<const RtcpReportBlock> blocks);

  std::span<uint8_t> out_;
  size_t size_ = 0;
};

struct RtcpReportInput {
  uint32_t ssrc = 0;
  std::optional<RtcpSenderInfo> sender_info;  // set: SR; unset: RR
  std::optional<RtcpReportBlock> block;       // about the stream we receive
  std::string_view cname;
};

// Upper bound of BuildRtcpReport's output: SR + one block + SDES with a
// 255-byte CNAME.
inline constexpr size_t kRtcpMaxReportBytes = 28 + 24 + 8 + 2 + 255 + 1 + 3;

// Returns the compound's size, or 0 when it does not fit `out`.
size_t BuildRtcpReport(const RtcpReportInput& input, std::span<uint8_t> out);

}  // namespace chorus::media
