// Scenarios (RFC 3550 5.1, RFC 3551 4.1, RFC 8285 4.2, RFC 6464):
// - WriteRtpHeader lays out V=2, M, PT, seq, timestamp, SSRC byte by byte;
// - a one-byte extension block is written with 0xBEDE, its length in words
//   and zero padding, and parses back to the same elements;
// - RtpWriter: pinned SSRC/seq/base are used; seq advances by one per
//   packet and wraps; timestamps are base + media time (wrapping); the
//   first packet and each talk-spurt start carry the marker, others do not;
// - audio level element added only when an id is configured and a level
//   is given;
// - unpinned values are drawn at random (two writers differ).

#include "media/rtp/rtp_writer.h"

#include <gtest/gtest.h>

#include <array>
#include <vector>

#include "media/rtp/rtp_packet.h"

namespace chorus::media {
namespace {

TEST(WriteRtpHeaderTest, WritesFixedHeader) {
  std::array<uint8_t, 12> out{};
  RtpHeaderFields f{.payload_type = 0x60 + 1,
                    .marker = true,
                    .seq = SeqNum(0xabcd),
                    .timestamp = RtpTimestamp(0x01020304),
                    .ssrc = 0xcafebabe};
  ASSERT_EQ(WriteRtpHeader(f, {}, out), 12u);
  const std::array<uint8_t, 12> want = {0x80, 0xe1, 0xab, 0xcd, 1, 2, 3, 4, 0xca, 0xfe, 0xba, 0xbe};
  EXPECT_EQ(out, want);
}

TEST(WriteRtpHeaderTest, WritesOneByteExtensionThatParsesBack) {
  const uint8_t a[] = {0x42};
  const uint8_t b[] = {1, 2, 3, 4, 5};
  const RtpOneByteElement elements[] = {{1, a}, {14, b}};
  EXPECT_EQ(RtpHeaderBytes(elements), 12u + 4 + 8);  // 2 + 6 = 8 body bytes
  std::vector<uint8_t> out(RtpHeaderBytes(elements) + 2, 0xee);
  RtpHeaderFields f{.payload_type = 0, .seq = SeqNum(1), .ssrc = 7};
  size_t n = WriteRtpHeader(f, elements, out);
  ASSERT_EQ(n, 24u);
  EXPECT_EQ(out[0], 0x90);
  EXPECT_EQ(out[12], 0xbe);
  EXPECT_EQ(out[13], 0xde);
  EXPECT_EQ(out[15], 2);  // two words
  EXPECT_EQ(out[16], 0x10);
  EXPECT_EQ(out[18], 0xe4);  // id 14, 5 bytes
  EXPECT_EQ(out[23], 5);     // 8 body bytes: no padding needed

  auto packet = RtpPacket::Parse(out);
  ASSERT_TRUE(packet);
  EXPECT_EQ(packet->payload().size(), 2u);
  auto found = packet->extensions().Find(14);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->size(), 5u);
  EXPECT_EQ((*found)[4], 5);
}

TEST(RtpWriterTest, SequenceTimestampAndMarker) {
  RtpWriter writer({.ssrc = 0x11223344, .first_seq = 65534, .timestamp_base = 0xfffffff0u});
  std::array<uint8_t, RtpWriter::kMaxHeaderBytes> out{};

  auto write = [&](uint32_t media_time, bool talkspurt) {
    size_t n = writer.WriteHeader(
        out,
        {.payload_type = 0, .media_time = RtpTimestamp(media_time), .talkspurt_start = talkspurt});
    auto packet = RtpPacket::Parse(std::span<const uint8_t>(out.data(), n));
    EXPECT_TRUE(packet);
    return *packet;
  };
  RtpPacket p1 = write(0, false);
  EXPECT_TRUE(p1.marker());  // first packet opens the first talk spurt
  EXPECT_EQ(p1.seq().value(), 65534);
  EXPECT_EQ(p1.timestamp().value(), 0xfffffff0u);
  EXPECT_EQ(p1.ssrc(), 0x11223344u);

  RtpPacket p2 = write(160, false);
  EXPECT_FALSE(p2.marker());
  EXPECT_EQ(p2.seq().value(), 65535);
  EXPECT_EQ(p2.timestamp().value(), 0x90u);  // wrapped

  RtpPacket p3 = write(960, true);  // after DTX silence
  EXPECT_TRUE(p3.marker());
  EXPECT_EQ(p3.seq().value(), 0);
  EXPECT_EQ(p3.timestamp().value(), 960u - 16);
  EXPECT_EQ(writer.next_seq().value(), 1);
}

TEST(RtpWriterTest, AudioLevelOnlyWhenConfigured) {
  std::array<uint8_t, RtpWriter::kMaxHeaderBytes> out{};
  RtpWriter with({.ssrc = 1, .first_seq = 1, .timestamp_base = 0, .audio_level_id = 3});
  size_t n = with.WriteHeader(out, {.audio_level = AudioLevel{true, 30}});
  EXPECT_EQ(n, 20u);
  EXPECT_EQ(out[15], 1);  // one word: 2 element bytes + 2 zero padding bytes
  EXPECT_EQ(out[16], 0x30);
  EXPECT_EQ(out[17], 0x80 | 30);
  EXPECT_EQ(out[18], 0);
  EXPECT_EQ(out[19], 0);
  auto packet = RtpPacket::Parse(std::span<const uint8_t>(out.data(), n));
  ASSERT_TRUE(packet);
  auto level = FindAudioLevel(packet->extensions(), 3);
  ASSERT_TRUE(level);
  EXPECT_TRUE(level->voice_activity);
  EXPECT_EQ(level->level_dbov, 30);
  EXPECT_EQ(with.WriteHeader(out, {}), 12u);  // no level given

  RtpWriter without({.ssrc = 1, .first_seq = 1, .timestamp_base = 0});
  EXPECT_EQ(without.WriteHeader(out, {.audio_level = AudioLevel{true, 30}}), 12u);
}

TEST(RtpWriterTest, RandomIdentifiersWhenUnpinned) {
  RtpWriter a({});
  RtpWriter b({});
  // 2^-96 chance of a false failure.
  EXPECT_FALSE(a.ssrc() == b.ssrc() && a.next_seq() == b.next_seq() &&
               a.timestamp_base() == b.timestamp_base());
}

TEST(RtpWriterTest, CountsSentPackets) {
  RtpWriter writer({.ssrc = 1});
  writer.CountSent(160);
  writer.CountSent(80);
  EXPECT_EQ(writer.packets_sent(), 2u);
  EXPECT_EQ(writer.payload_bytes_sent(), 240u);
}

}  // namespace
}  // namespace chorus::media
