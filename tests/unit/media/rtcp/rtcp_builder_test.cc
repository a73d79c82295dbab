// Scenarios (RFC 3550 6.4.1, 6.4.2, 6.5, 6.6):
// - SR + one report block + SDES CNAME: header words checked byte by byte
//   (V=2, count, type, length in words - 1), sender info and block fields,
//   CNAME item with END and zero padding to 32 bits; parses back equal;
// - RR when no sender info; no block when none given;
// - negative cumulative loss written as 24-bit two's complement, clamped;
// - a buffer too small leaves the output untouched and reports 0 / false;
// - BYE with and without reason parses back; over-long CNAME refused; an
//   empty CNAME is written as a zero-length item.

#include "media/rtcp/rtcp_builder.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace chorus::media {
namespace {

RtcpReportBlock SampleBlock() {
  return {.ssrc = 0x22222222,
          .fraction_lost = 51,
          .cumulative_lost = -2,
          .extended_highest_seq = 0x00010005,
          .jitter = 9,
          .last_sr = 0xb7052000,
          .delay_since_last_sr = 0x00018000};
}

TEST(RtcpBuilderTest, SenderReportWithBlockAndCname) {
  RtcpReportInput in;
  in.ssrc = 0x11111111;
  in.sender_info = RtcpSenderInfo{NtpTime{0x83aa7e80u, 0x80000000u}, 0x1234, 50, 8000};
  in.block = SampleBlock();
  in.cname = "chorus@host";  // 11 bytes: items 2 + 11 + 1 = 14 -> 16
  std::vector<uint8_t> out(kRtcpMaxReportBytes, 0xee);
  size_t n = BuildRtcpReport(in, out);
  ASSERT_EQ(n, 52u + 8 + 16);
  // SR header: V=2 RC=1, PT 200, length 12.
  EXPECT_EQ(out[0], 0x81);
  EXPECT_EQ(out[1], 200);
  EXPECT_EQ(out[3], 12);
  // Cumulative loss -2 as 0xfffffe.
  EXPECT_EQ(out[28 + 5], 0xff);
  EXPECT_EQ(out[28 + 7], 0xfe);
  // SDES header: V=2 SC=1, PT 202, length 5 (24 bytes).
  EXPECT_EQ(out[52], 0x81);
  EXPECT_EQ(out[53], 202);
  EXPECT_EQ(out[55], 5);
  EXPECT_EQ(out[60], 1);   // CNAME
  EXPECT_EQ(out[61], 11);  // length
  EXPECT_EQ(out[73], 0);   // END
  EXPECT_EQ(out[74], 0);   // padding
  EXPECT_EQ(out[75], 0);

  auto c = RtcpCompound::Parse(std::span<const uint8_t>(out.data(), n));
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_TRUE(c->has_sender_info);
  EXPECT_EQ(c->sender_ssrc, 0x11111111u);
  EXPECT_EQ(c->sender_info.ntp, in.sender_info->ntp);
  EXPECT_EQ(c->sender_info.octet_count, 8000u);
  ASSERT_EQ(c->block_count, 1u);
  const RtcpReportBlock& b = c->blocks[0];
  EXPECT_EQ(b.ssrc, 0x22222222u);
  EXPECT_EQ(b.fraction_lost, 51);
  EXPECT_EQ(b.cumulative_lost, -2);
  EXPECT_EQ(b.extended_highest_seq, 0x00010005u);
  EXPECT_EQ(b.last_sr, 0xb7052000u);
  EXPECT_EQ(b.delay_since_last_sr, 0x00018000u);
  EXPECT_EQ(c->cname, "chorus@host");
}

TEST(RtcpBuilderTest, ReceiverReportWithoutBlock) {
  RtcpReportInput in;
  in.ssrc = 7;
  in.cname = "abc";  // items 2 + 3 + 1 = 6 -> 8
  std::vector<uint8_t> out(kRtcpMaxReportBytes);
  size_t n = BuildRtcpReport(in, out);
  ASSERT_EQ(n, 8u + 16);
  EXPECT_EQ(out[0], 0x80);
  EXPECT_EQ(out[1], 201);
  EXPECT_EQ(out[3], 1);
  auto c = RtcpCompound::Parse(std::span<const uint8_t>(out.data(), n));
  ASSERT_TRUE(c);
  EXPECT_FALSE(c->has_sender_info);
  EXPECT_EQ(c->block_count, 0u);
  EXPECT_EQ(c->cname, "abc");
}

TEST(RtcpBuilderTest, EmptyCname) {
  std::vector<uint8_t> out(32, 0xee);
  RtcpBuilder builder(out);
  ASSERT_TRUE(builder.AddReceiverReport(3, {}));
  ASSERT_TRUE(builder.AddSdesCname(3, std::string_view()));
  EXPECT_EQ(builder.size(), 8u + 12);  // items: type, length 0, END + 1 pad
  auto c = RtcpCompound::Parse(builder.data());
  ASSERT_TRUE(c);
  EXPECT_TRUE(c->has_cname);
  EXPECT_TRUE(c->cname.empty());
}

TEST(RtcpBuilderTest, ClampsCumulativeLoss) {
  RtcpReportBlock b = SampleBlock();
  b.cumulative_lost = -10'000'000;
  std::vector<uint8_t> out(64);
  RtcpBuilder builder(out);
  ASSERT_TRUE(builder.AddReceiverReport(1, std::span<const RtcpReportBlock>(&b, 1)));
  auto c = RtcpCompound::Parse(builder.data());
  ASSERT_TRUE(c);
  EXPECT_EQ(c->blocks[0].cumulative_lost, -0x800000);
}

TEST(RtcpBuilderTest, TooSmallLeavesBufferUntouched) {
  RtcpReportInput in;
  in.ssrc = 7;
  in.block = SampleBlock();
  in.cname = "abc";
  std::vector<uint8_t> out(40, 0xee);  // RR + block = 32 fits, SDES does not
  EXPECT_EQ(BuildRtcpReport(in, out), 0u);

  std::vector<uint8_t> small(20, 0xee);
  RtcpBuilder builder(small);
  EXPECT_FALSE(builder.AddReceiverReport(7, std::span<const RtcpReportBlock>(&*in.block, 1)));
  EXPECT_EQ(builder.size(), 0u);
  EXPECT_EQ(small[0], 0xee);
  EXPECT_FALSE(builder.AddSdesCname(7, std::string(256, 'x')));
}

TEST(RtcpBuilderTest, ByeRoundTrip) {
  std::vector<uint8_t> out(64);
  RtcpBuilder builder(out);
  ASSERT_TRUE(builder.AddReceiverReport(5, {}));
  ASSERT_TRUE(builder.AddBye(5, "call ended"));  // 1 + 10 -> 12
  EXPECT_EQ(builder.size(), 8u + 8 + 12);
  auto c = RtcpCompound::Parse(builder.data());
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_TRUE(c->has_bye);
  EXPECT_EQ(c->bye_ssrcs[0], 5u);
  EXPECT_EQ(c->bye_reason, "call ended");

  RtcpBuilder plain(out);
  ASSERT_TRUE(plain.AddReceiverReport(5, {}));
  ASSERT_TRUE(plain.AddBye(5));
  EXPECT_EQ(plain.size(), 16u);
}

}  // namespace
}  // namespace chorus::media
