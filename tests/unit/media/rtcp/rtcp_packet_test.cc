// Scenarios (RFC 3550 6.4-6.7 and A.2, RFC 5506):
// - a compound SR (1 report block) + SDES (CNAME and NOTE) + BYE (reason)
//   + APP is read field by field, including a negative 24-bit cumulative
//   loss;
// - RR with two blocks, FindBlock by SSRC;
// - feedback, XR and unknown types are counted and skipped;
// - a feedback-only compound is accepted as reduced-size; other compounds
//   must start with SR/RR;
// - padding on the last packet is stripped; a zero or oversized padding
//   count is rejected;
// - SDES chunk without END at the end of the packet is accepted;
// - faults: short datagram, version, length past the end, report count,
//   SDES item, BYE list and reason, short APP, with Result messages;
// - more than 31 report blocks across packets are counted as dropped.

#include "media/rtcp/rtcp_packet.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace chorus::media {
namespace {

using Bytes = std::vector<uint8_t>;

void Append(Bytes& out, std::initializer_list<uint8_t> bytes) {
  out.insert(out.end(), bytes.begin(), bytes.end());
}

Bytes ReceiverReport(uint8_t blocks) {
  Bytes b = {static_cast<uint8_t>(0x80 | blocks),
             201,
             0,
             static_cast<uint8_t>(1 + 6 * blocks),
             0,
             0,
             0,
             9};
  for (uint8_t i = 0; i < blocks; ++i) {
    Append(
        b,
        {0, 0, 0, static_cast<uint8_t>(i + 1), 10, 0, 0, 3, 0, 1, 0, 5, 0, 0, 0, 40, 0, 0, 0, 0, 0,
         0, 0, 0});
  }
  return b;
}

TEST(RtcpCompoundTest, ParsesFullCompound) {
  Bytes b;
  // SR, RC=1, length 12 words: SSRC 0x11111111
  Append(b, {0x81, 200, 0, 12, 0x11, 0x11, 0x11, 0x11});
  Append(b, {0x83, 0xaa, 0x7e, 0x80, 0x80, 0, 0, 0});            // NTP 1970 + 0.5 s
  Append(b, {0, 0, 0x12, 0x34, 0, 0, 0, 50, 0, 0, 0x1f, 0x40});  // RTP ts, 50 pkts, 8000 B
  // Block about 0x22222222: fraction 64, lost -2 (0xfffffe), ext seq 0x00010005,
  // jitter 17, LSR 0xb7052000, DLSR 0x00054000.
  Append(b, {0x22, 0x22, 0x22, 0x22, 64,   0xff, 0xff, 0xfe, 0,    1,    0,    5,
             0,    0,    0,    17,   0xb7, 0x05, 0x20, 0x00, 0x00, 0x05, 0x40, 0x00});
  // SDES, SC=1, length 4 words: CNAME "abc", NOTE "x", END + pad.
  Append(b, {0x81, 202, 0, 4, 0x11, 0x11, 0x11, 0x11, 1, 3, 'a', 'b', 'c', 7, 1, 'x', 0, 0, 0, 0});
  // BYE, SC=1, reason "gone".
  Append(b, {0x81, 203, 0, 3, 0x11, 0x11, 0x11, 0x11, 4, 'g', 'o', 'n', 'e', 0, 0, 0});
  // APP subtype 3 name "CHRS" with 4 data bytes.
  Append(b, {0x83, 204, 0, 3, 0x11, 0x11, 0x11, 0x11, 'C', 'H', 'R', 'S', 1, 2, 3, 4});

  auto c = RtcpCompound::Parse(b);
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->packet_count, 4u);
  EXPECT_TRUE(c->has_report);
  EXPECT_TRUE(c->has_sender_info);
  EXPECT_EQ(c->sender_ssrc, 0x11111111u);
  EXPECT_EQ(c->sender_info.ntp, (NtpTime{0x83aa7e80u, 0x80000000u}));
  EXPECT_EQ(c->sender_info.rtp_timestamp, 0x1234u);
  EXPECT_EQ(c->sender_info.packet_count, 50u);
  EXPECT_EQ(c->sender_info.octet_count, 8000u);
  ASSERT_EQ(c->block_count, 1u);
  const RtcpReportBlock& rb = c->blocks[0];
  EXPECT_EQ(rb.ssrc, 0x22222222u);
  EXPECT_EQ(rb.fraction_lost, 64);
  EXPECT_EQ(rb.cumulative_lost, -2);
  EXPECT_EQ(rb.extended_highest_seq, 0x00010005u);
  EXPECT_EQ(rb.jitter, 17u);
  EXPECT_EQ(rb.last_sr, 0xb7052000u);
  EXPECT_EQ(rb.delay_since_last_sr, 0x00054000u);
  EXPECT_TRUE(c->has_cname);
  EXPECT_EQ(c->cname, "abc");
  EXPECT_EQ(c->cname_ssrc, 0x11111111u);
  EXPECT_TRUE(c->has_bye);
  ASSERT_EQ(c->bye_count, 1u);
  EXPECT_EQ(c->bye_ssrcs[0], 0x11111111u);
  EXPECT_EQ(c->bye_reason, "gone");
  EXPECT_EQ(c->app_count, 1u);
  EXPECT_EQ(c->last_app.subtype, 3);
  EXPECT_EQ(std::string(c->last_app.name.data(), 4), "CHRS");
  EXPECT_EQ(c->last_app.data.size(), 4u);
  EXPECT_FALSE(c->reduced_size);
}

TEST(RtcpCompoundTest, ReceiverReportBlocksAndLookup) {
  Bytes b = ReceiverReport(2);
  auto c = RtcpCompound::Parse(b);
  ASSERT_TRUE(c);
  EXPECT_FALSE(c->has_sender_info);
  EXPECT_EQ(c->sender_ssrc, 9u);
  EXPECT_EQ(c->block_count, 2u);
  ASSERT_NE(c->FindBlock(2), nullptr);
  EXPECT_EQ(c->FindBlock(2)->cumulative_lost, 3);
  EXPECT_EQ(c->FindBlock(2)->extended_highest_seq, 0x00010005u);
  EXPECT_EQ(c->FindBlock(7), nullptr);
}

TEST(RtcpCompoundTest, SkipsFeedbackXrAndUnknown) {
  Bytes b = ReceiverReport(0);
  Append(b, {0x81, 205, 0, 2, 0, 0, 0, 9, 0, 0, 0, 1});  // RTPFB NACK-ish
  Append(b, {0x81, 206, 0, 2, 0, 0, 0, 9, 0, 0, 0, 1});  // PSFB
  Append(b, {0x80, 207, 0, 1, 0, 0, 0, 9});              // XR
  Append(b, {0x80, 210, 0, 0});                          // unknown, empty body
  auto c = RtcpCompound::Parse(b);
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->feedback_count, 2u);
  EXPECT_EQ(c->xr_count, 1u);
  EXPECT_EQ(c->unknown_count, 1u);
}

TEST(RtcpCompoundTest, ReducedSizeFeedbackAccepted) {
  Bytes fb = {0x81, 205, 0, 2, 0, 0, 0, 9, 0, 0, 0, 1};
  auto c = RtcpCompound::Parse(fb);
  ASSERT_TRUE(c);
  EXPECT_TRUE(c->reduced_size);
  EXPECT_FALSE(c->has_report);

  Bytes sdes_first = {0x81, 202, 0, 2, 0, 0, 0, 9, 1, 1, 'a', 0};
  RtcpCompound out;
  EXPECT_EQ(RtcpCompound::TryParse(sdes_first, out), RtcpFault::kFirstNotReport);
}

TEST(RtcpCompoundTest, PaddingStrippedAndValidated) {
  Bytes b = ReceiverReport(0);
  // BYE with padding: 1 SSRC + 4 bytes padding (count 4).
  Append(b, {0xa1, 203, 0, 2, 0, 0, 0, 9, 0, 0, 0, 4});
  auto c = RtcpCompound::Parse(b);
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_TRUE(c->bye_reason.empty());

  RtcpCompound out;
  Bytes zero = ReceiverReport(0);
  Append(zero, {0xa1, 203, 0, 2, 0, 0, 0, 9, 0, 0, 0, 0});
  EXPECT_EQ(RtcpCompound::TryParse(zero, out), RtcpFault::kBadPadding);
  Bytes big = ReceiverReport(0);
  Append(big, {0xa1, 203, 0, 2, 0, 0, 0, 9, 0, 0, 0, 9});
  EXPECT_EQ(RtcpCompound::TryParse(big, out), RtcpFault::kBadPadding);
}

TEST(RtcpCompoundTest, SdesWithoutEndAccepted) {
  Bytes b = ReceiverReport(0);
  Append(b, {0x81, 202, 0, 2, 0, 0, 0, 9, 1, 2, 'h', 'i'});
  auto c = RtcpCompound::Parse(b);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->cname, "hi");
}

TEST(RtcpCompoundTest, RejectsMalformed) {
  RtcpCompound out;
  EXPECT_EQ(RtcpCompound::TryParse(Bytes{0x80, 201, 0, 1, 0, 0, 0}, out), RtcpFault::kTooShort);

  Bytes trailing = ReceiverReport(0);
  Append(trailing, {0x80, 201});
  EXPECT_EQ(RtcpCompound::TryParse(trailing, out), RtcpFault::kTooShort);

  EXPECT_EQ(RtcpCompound::TryParse(Bytes{0x40, 201, 0, 1, 0, 0, 0, 9}, out),
            RtcpFault::kBadVersion);
  EXPECT_EQ(RtcpCompound::TryParse(Bytes{0x80, 201, 0, 2, 0, 0, 0, 9}, out),
            RtcpFault::kLengthOverrun);
  EXPECT_EQ(RtcpCompound::TryParse(Bytes{0x81, 201, 0, 1, 0, 0, 0, 9}, out),
            RtcpFault::kReportOverrun);

  Bytes sdes = ReceiverReport(0);
  Append(sdes, {0x81, 202, 0, 2, 0, 0, 0, 9, 1, 9, 'h', 'i'});
  EXPECT_EQ(RtcpCompound::TryParse(sdes, out), RtcpFault::kSdesOverrun);

  Bytes bye_list = ReceiverReport(0);
  Append(bye_list, {0x82, 203, 0, 1, 0, 0, 0, 9});
  EXPECT_EQ(RtcpCompound::TryParse(bye_list, out), RtcpFault::kByeOverrun);
  Bytes bye_reason = ReceiverReport(0);
  Append(bye_reason, {0x81, 203, 0, 2, 0, 0, 0, 9, 9, 'a', 'b', 'c'});
  EXPECT_EQ(RtcpCompound::TryParse(bye_reason, out), RtcpFault::kByeOverrun);

  Bytes app = ReceiverReport(0);
  Append(app, {0x80, 204, 0, 1, 0, 0, 0, 9});
  EXPECT_EQ(RtcpCompound::TryParse(app, out), RtcpFault::kAppTooShort);

  auto result = RtcpCompound::Parse(app);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::kParse);
  EXPECT_NE(result.error().message.find("APP"), std::string::npos);
  EXPECT_EQ(RtcpFaultName(RtcpFault::kFirstNotReport), "first_not_report");
}

TEST(RtcpCompoundTest, CountsDroppedBlocks) {
  Bytes b = ReceiverReport(31);
  Bytes more = ReceiverReport(2);
  b.insert(b.end(), more.begin(), more.end());
  auto c = RtcpCompound::Parse(b);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->block_count, 31u);
  EXPECT_EQ(c->blocks_dropped, 2u);
}

}  // namespace
}  // namespace chorus::media
