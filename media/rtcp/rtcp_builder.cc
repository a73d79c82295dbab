#include "media/rtcp/rtcp_builder.h"

#include <algorithm>
#include <cstring>

#include "media/rtp/byte_order.h"

namespace chorus::media {
namespace {

void WriteHeader(uint8_t* p, uint8_t count, uint8_t type, size_t bytes) {
  p[0] = static_cast<uint8_t>(0x80 | (count & 0x1F));
  p[1] = type;
  StoreBe16(p + 2, static_cast<uint16_t>(bytes / 4 - 1));
}

void WriteBlock(uint8_t* p, const RtcpReportBlock& b) {
  StoreBe32(p, b.ssrc);
  p[4] = b.fraction_lost;
  const int32_t lost = std::clamp<int32_t>(b.cumulative_lost, -0x800000, 0x7FFFFF);
  StoreBe24(p + 5, static_cast<uint32_t>(lost) & 0xFFFFFF);
  StoreBe32(p + 8, b.extended_highest_seq);
  StoreBe32(p + 12, b.jitter);
  StoreBe32(p + 16, b.last_sr);
  StoreBe32(p + 20, b.delay_since_last_sr);
}

}  // namespace

bool RtcpBuilder::AddReport(uint8_t type, uint32_t ssrc, const RtcpSenderInfo* info,
                            std::span<const RtcpReportBlock> blocks) {
  if (blocks.size() > kRtcpMaxReportBlocks) return false;
  const size_t bytes = 8 + (info ? 20 : 0) + 24 * blocks.size();
  if (bytes > out_.size() - size_) return false;
  uint8_t* p = out_.data() + size_;
  WriteHeader(p, static_cast<uint8_t>(blocks.size()), type, bytes);
  StoreBe32(p + 4, ssrc);
  uint8_t* w = p + 8;
  if (info != nullptr) {
    StoreBe32(w, info->ntp.seconds);
    StoreBe32(w + 4, info->ntp.fraction);
    StoreBe32(w + 8, info->rtp_timestamp);
    StoreBe32(w + 12, info->packet_count);
    StoreBe32(w + 16, info->octet_count);
    w += 20;
  }
  for (const auto& b : blocks) {
    WriteBlock(w, b);
    w += 24;
  }
  size_ += bytes;
  return true;
}

bool RtcpBuilder::AddSenderReport(uint32_t ssrc, const RtcpSenderInfo& info,
                                  std::span<const RtcpReportBlock> blocks) {
  return AddReport(kRtcpSr, ssrc, &info, blocks);
}

bool RtcpBuilder::AddReceiverReport(uint32_t ssrc, std::span<const RtcpReportBlock> blocks) {
  return AddReport(kRtcpRr, ssrc, nullptr, blocks);
}

bool RtcpBuilder::AddSdesCname(uint32_t ssrc, std::string_view cname) {
  if (cname.size() > 255) return false;
  // Header, SSRC, CNAME item, END, null octets to the 32-bit boundary.
  const size_t items = 2 + cname.size() + 1;
  const size_t bytes = 8 + (items + 3) / 4 * 4;
  if (bytes > out_.size() - size_) return false;
  uint8_t* p = out_.data() + size_;
  WriteHeader(p, 1, kRtcpSdes, bytes);
  StoreBe32(p + 4, ssrc);
  p[8] = kSdesCname;
  p[9] = static_cast<uint8_t>(cname.size());
  if (!cname.empty()) memcpy(p + 10, cname.data(), cname.size());
  memset(p + 10 + cname.size(), 0, bytes - 10 - cname.size());
  size_ += bytes;
  return true;
}

bool RtcpBuilder::AddBye(uint32_t ssrc, std::string_view reason) {
  if (reason.size() > 255) return false;
  const size_t reason_bytes = reason.empty() ? 0 : (1 + reason.size() + 3) / 4 * 4;
  const size_t bytes = 8 + reason_bytes;
  if (bytes > out_.size() - size_) return false;
  uint8_t* p = out_.data() + size_;
  WriteHeader(p, 1, kRtcpBye, bytes);
  StoreBe32(p + 4, ssrc);
  if (!reason.empty()) {
    p[8] = static_cast<uint8_t>(reason.size());
    memcpy(p + 9, reason.data(), reason.size());
    memset(p + 9 + reason.size(), 0, bytes - 9 - reason.size());
  }
  size_ += bytes;
  return true;
}

size_t BuildRtcpReport(const RtcpReportInput& input, std::span<uint8_t> out) {
  RtcpBuilder builder(out);
  std::span<const RtcpReportBlock> blocks;
  if (input.block) blocks = std::span<const RtcpReportBlock>(&*input.block, 1);
  const bool report_ok = input.sender_info
                             ? builder.AddSenderReport(input.ssrc, *input.sender_info, blocks)
                             : builder.AddReceiverReport(input.ssrc, blocks);
  if (!report_ok || !builder.AddSdesCname(input.ssrc, input.cname)) return 0;
  return builder.size();
}

}  // namespace chorus::media
