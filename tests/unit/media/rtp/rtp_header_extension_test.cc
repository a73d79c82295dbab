// Scenarios (RFC 8285 unless noted):
// - one-byte form (0xBEDE, 4.2): elements with L+1 data bytes, zero padding
//   bytes between and after elements skipped, lookup by id, id 15 stops
//   the walk, an element past the block end is malformed;
// - two-byte form (0x100X, 4.3, any appbits): id and length bytes,
//   zero-length elements, padding, overrun detection;
// - a non-8285 profile yields no elements;
// - RFC 6464 audio level: V flag and 7-bit -dBov level from the first byte,
//   absent or empty element gives nullopt; encoding clamps to 127.

#include "media/rtp/rtp_header_extension.h"

#include <gtest/gtest.h>

#include <vector>

namespace chorus::media {
namespace {

TEST(RtpHeaderExtensionsTest, OneByteElementsAndPadding) {
  const std::vector<uint8_t> body = {0x10, 0xaa,           // id 1, 1 byte
                                     0x00,                 // padding
                                     0x22, 1,    2,    3,  // id 2, 3 bytes
                                     0x00, 0x00, 0x00, 0x00};
  RtpHeaderExtensions ext(0xBEDE, body);
  EXPECT_EQ(ext.form(), RtpExtensionForm::kOneByte);
  auto one = ext.Find(1);
  ASSERT_TRUE(one);
  ASSERT_EQ(one->size(), 1u);
  EXPECT_EQ((*one)[0], 0xaa);
  auto two = ext.Find(2);
  ASSERT_TRUE(two);
  EXPECT_EQ(two->size(), 3u);
  EXPECT_EQ((*two)[2], 3);
  EXPECT_FALSE(ext.Find(3));
  EXPECT_FALSE(ext.Find(0));
  int count = 0;
  EXPECT_TRUE(ext.ForEach([&](const RtpExtensionElement&) { ++count; }));
  EXPECT_EQ(count, 2);
}

TEST(RtpHeaderExtensionsTest, OneByteId15StopsProcessing) {
  const std::vector<uint8_t> body = {0x10, 0xaa, 0xf0, 0x20, 0xbb, 0x00, 0x00, 0x00};
  RtpHeaderExtensions ext(0xBEDE, body);
  EXPECT_TRUE(ext.Find(1));
  EXPECT_FALSE(ext.Find(2));  // after id 15
  EXPECT_TRUE(ext.Valid());
}

TEST(RtpHeaderExtensionsTest, OneByteOverrunIsMalformed) {
  const std::vector<uint8_t> body = {0x10, 0xaa, 0x2f, 1, 2, 3};  // id 2 wants 16 bytes
  RtpHeaderExtensions ext(0xBEDE, body);
  EXPECT_TRUE(ext.Find(1));
  EXPECT_FALSE(ext.Find(2));
  EXPECT_FALSE(ext.Valid());
}

TEST(RtpHeaderExtensionsTest, TwoByteElements) {
  const std::vector<uint8_t> body = {0x05, 0x00,              // id 5, empty
                                     0x00,                    // padding
                                     0xff, 0x02, 0x11, 0x22,  // id 255, 2 bytes
                                     0x00};
  for (uint16_t profile : {0x1000, 0x100f}) {
    RtpHeaderExtensions ext(profile, body);
    EXPECT_EQ(ext.form(), RtpExtensionForm::kTwoByte);
    auto five = ext.Find(5);
    ASSERT_TRUE(five);
    EXPECT_TRUE(five->empty());
    auto big = ext.Find(255);
    ASSERT_TRUE(big);
    ASSERT_EQ(big->size(), 2u);
    EXPECT_EQ((*big)[1], 0x22);
    EXPECT_TRUE(ext.Valid());
  }
}

TEST(RtpHeaderExtensionsTest, TwoByteOverrunIsMalformed) {
  const std::vector<uint8_t> past_end = {0x07, 0x09, 1, 2};
  RtpHeaderExtensions len_past_end(0x1000, past_end);
  EXPECT_FALSE(len_past_end.Find(7));
  EXPECT_FALSE(len_past_end.Valid());
  const std::vector<uint8_t> lone_id = {0x07};
  RtpHeaderExtensions missing_len(0x1000, lone_id);
  EXPECT_FALSE(missing_len.Valid());
}

TEST(RtpHeaderExtensionsTest, OtherProfileHasNoElements) {
  const std::vector<uint8_t> body = {0x10, 0xaa, 0, 0};
  RtpHeaderExtensions ext(0x1234, body);
  EXPECT_EQ(ext.form(), RtpExtensionForm::kOther);
  EXPECT_FALSE(ext.Find(1));
  EXPECT_EQ(RtpHeaderExtensions().form(), RtpExtensionForm::kNone);
}

TEST(AudioLevelTest, ReadsVoiceFlagAndLevel) {
  const std::vector<uint8_t> loud = {0x30, 0x80 | 3, 0, 0};
  auto level = FindAudioLevel(RtpHeaderExtensions(0xBEDE, loud), 3);
  ASSERT_TRUE(level);
  EXPECT_TRUE(level->voice_activity);
  EXPECT_EQ(level->level_dbov, 3);

  const std::vector<uint8_t> silent = {0x30, 127, 0, 0};
  level = FindAudioLevel(RtpHeaderExtensions(0xBEDE, silent), 3);
  ASSERT_TRUE(level);
  EXPECT_FALSE(level->voice_activity);
  EXPECT_EQ(level->level_dbov, 127);

  // Padded to 4 bytes by some senders (L = 3): first byte counts.
  const std::vector<uint8_t> padded = {0x33, 0x8a, 0, 0, 0, 0, 0, 0};
  level = FindAudioLevel(RtpHeaderExtensions(0xBEDE, padded), 3);
  ASSERT_TRUE(level);
  EXPECT_EQ(level->level_dbov, 10);

  EXPECT_FALSE(FindAudioLevel(RtpHeaderExtensions(0xBEDE, loud), 4));
  const std::vector<uint8_t> empty_two_byte = {0x03, 0x00};
  EXPECT_FALSE(FindAudioLevel(RtpHeaderExtensions(0x1000, empty_two_byte), 3));
}

TEST(AudioLevelTest, EncodesAndClamps) {
  EXPECT_EQ(EncodeAudioLevel({true, 5}), 0x85);
  EXPECT_EQ(EncodeAudioLevel({false, 200}), 127);
}

}  // namespace
}  // namespace chorus::media
