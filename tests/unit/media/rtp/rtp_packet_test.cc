// Scenarios (RFC 3550 5.1 and 5.3.1 unless noted):
// - a minimal 12-byte header with payload parses field by field (V, M, PT,
//   seq, timestamp, SSRC);
// - CSRC list: count honoured, values read, list past the end rejected;
// - header extension: profile, length in words, body; truncated extension
//   header and truncated body rejected;
// - padding: the last octet counts padding including itself; a count of 0
//   or one larger than the payload is rejected; padding may eat the whole
//   payload;
// - version other than 2 and datagrams under 12 bytes rejected, with a
//   Result message naming the fault;
// - extensions() exposes the RFC 8285 elements of the parsed packet.

#include "media/rtp/rtp_packet.h"

#include <gtest/gtest.h>

#include <vector>

namespace chorus::media {
namespace {

std::vector<uint8_t> Header(uint8_t b0, uint8_t b1) {
  // seq 0x1234, ts 0xdeadbeef, ssrc 0x01020304
  return {b0, b1, 0x12, 0x34, 0xde, 0xad, 0xbe, 0xef, 0x01, 0x02, 0x03, 0x04};
}

TEST(RtpPacketTest, ParsesFixedHeader) {
  auto bytes = Header(0x80, 0x80 | 8);
  bytes.insert(bytes.end(), {1, 2, 3});
  auto packet = RtpPacket::Parse(bytes);
  ASSERT_TRUE(packet) << packet.error().message;
  EXPECT_EQ(packet->version(), 2);
  EXPECT_TRUE(packet->marker());
  EXPECT_EQ(packet->payload_type(), 8);
  EXPECT_EQ(packet->seq().value(), 0x1234);
  EXPECT_EQ(packet->timestamp().value(), 0xdeadbeefu);
  EXPECT_EQ(packet->ssrc(), 0x01020304u);
  EXPECT_EQ(packet->csrc_count(), 0u);
  EXPECT_FALSE(packet->has_extension());
  EXPECT_EQ(packet->header_bytes(), 12u);
  ASSERT_EQ(packet->payload().size(), 3u);
  EXPECT_EQ(packet->payload()[0], 1);
  EXPECT_EQ(packet->padding_bytes(), 0u);
}

TEST(RtpPacketTest, EmptyPayloadIsValid) {
  auto bytes = Header(0x80, 0);
  auto packet = RtpPacket::Parse(bytes);
  ASSERT_TRUE(packet);
  EXPECT_TRUE(packet->payload().empty());
}

TEST(RtpPacketTest, ReadsCsrcList) {
  auto bytes = Header(0x82, 0);
  bytes.insert(bytes.end(), {0, 0, 0, 1, 0xff, 0, 0, 2, 9});
  auto packet = RtpPacket::Parse(bytes);
  ASSERT_TRUE(packet);
  ASSERT_EQ(packet->csrc_count(), 2u);
  EXPECT_EQ(packet->csrc(0), 1u);
  EXPECT_EQ(packet->csrc(1), 0xff000002u);
  EXPECT_EQ(packet->header_bytes(), 20u);
  EXPECT_EQ(packet->payload().size(), 1u);
}

TEST(RtpPacketTest, RejectsCsrcPastEnd) {
  auto bytes = Header(0x83, 0);  // 3 CSRCs announced, 2 present
  bytes.insert(bytes.end(), {0, 0, 0, 1, 0, 0, 0, 2});
  RtpPacket packet;
  EXPECT_EQ(RtpPacket::TryParse(bytes, packet), RtpFault::kCsrcOverrun);
}

TEST(RtpPacketTest, ParsesHeaderExtension) {
  auto bytes = Header(0x90, 0);
  // profile 0xBEDE, 1 word: element id 1 len 1 (value 0x85), then padding
  bytes.insert(bytes.end(), {0xbe, 0xde, 0x00, 0x01, 0x10, 0x85, 0x00, 0x00, 0xaa});
  auto packet = RtpPacket::Parse(bytes);
  ASSERT_TRUE(packet);
  EXPECT_TRUE(packet->has_extension());
  EXPECT_EQ(packet->extension_profile(), 0xBEDE);
  EXPECT_EQ(packet->extension_data().size(), 4u);
  EXPECT_EQ(packet->header_bytes(), 20u);
  ASSERT_EQ(packet->payload().size(), 1u);
  EXPECT_EQ(packet->payload()[0], 0xaa);
  auto level = FindAudioLevel(packet->extensions(), 1);
  ASSERT_TRUE(level);
  EXPECT_TRUE(level->voice_activity);
  EXPECT_EQ(level->level_dbov, 5);
}

TEST(RtpPacketTest, RejectsTruncatedExtension) {
  RtpPacket packet;
  auto head_cut = Header(0x90, 0);
  head_cut.insert(head_cut.end(), {0xbe, 0xde, 0x00});
  EXPECT_EQ(RtpPacket::TryParse(head_cut, packet), RtpFault::kExtensionOverrun);

  auto body_cut = Header(0x90, 0);
  body_cut.insert(body_cut.end(), {0xbe, 0xde, 0x00, 0x02, 0x10, 0x85, 0x00, 0x00});
  EXPECT_EQ(RtpPacket::TryParse(body_cut, packet), RtpFault::kExtensionOverrun);

  auto huge = Header(0x90, 0);
  huge.insert(huge.end(), {0xbe, 0xde, 0xff, 0xff});
  EXPECT_EQ(RtpPacket::TryParse(huge, packet), RtpFault::kExtensionOverrun);
}

TEST(RtpPacketTest, StripsPadding) {
  auto bytes = Header(0xa0, 0);
  bytes.insert(bytes.end(), {7, 7, 0, 0, 3});  // 2 payload bytes, 3 padding
  auto packet = RtpPacket::Parse(bytes);
  ASSERT_TRUE(packet);
  EXPECT_EQ(packet->padding_bytes(), 3u);
  EXPECT_EQ(packet->payload().size(), 2u);
}

TEST(RtpPacketTest, PaddingMayFillWholePayload) {
  auto bytes = Header(0xa0, 0);
  bytes.insert(bytes.end(), {0, 0, 0, 4});
  auto packet = RtpPacket::Parse(bytes);
  ASSERT_TRUE(packet);
  EXPECT_TRUE(packet->payload().empty());
}

TEST(RtpPacketTest, RejectsBadPadding) {
  RtpPacket packet;
  auto zero = Header(0xa0, 0);
  zero.insert(zero.end(), {1, 2, 0});
  EXPECT_EQ(RtpPacket::TryParse(zero, packet), RtpFault::kBadPadding);

  auto too_big = Header(0xa0, 0);
  too_big.insert(too_big.end(), {1, 2, 4});  // 4 > 3 payload bytes
  EXPECT_EQ(RtpPacket::TryParse(too_big, packet), RtpFault::kBadPadding);

  // The padding count may not reach back into the header.
  auto into_header = Header(0xa0, 0);
  into_header.back() = 0x0c;
  EXPECT_EQ(RtpPacket::TryParse(into_header, packet), RtpFault::kBadPadding);
}

TEST(RtpPacketTest, RejectsShortAndWrongVersion) {
  RtpPacket packet;
  std::vector<uint8_t> short_bytes(11, 0x80);
  EXPECT_EQ(RtpPacket::TryParse(short_bytes, packet), RtpFault::kTooShort);
  EXPECT_EQ(RtpPacket::TryParse({}, packet), RtpFault::kTooShort);

  auto v1 = Header(0x40, 0);
  auto result = RtpPacket::Parse(v1);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::kParse);
  EXPECT_NE(result.error().message.find("version"), std::string::npos);
}

TEST(RtpPacketTest, FaultNamesAreStable) {
  EXPECT_EQ(RtpFaultName(RtpFault::kTooShort), "too_short");
  EXPECT_EQ(RtpFaultName(RtpFault::kBadPadding), "bad_padding");
  EXPECT_FALSE(RtpFaultText(RtpFault::kCsrcOverrun).empty());
}

}  // namespace
}  // namespace chorus::media
