// Scenarios: what an SDP exchange settled becomes the media layer's stream
// settings: codec and payload types (send and receive), ptime, Opus fmtp
// (FEC, DTX, max playback rate, bitrate cap), telephone-event on both
// directions only when it shares the send codec's RTP clock (RFC 4733
// 2.1), direction from the SDP attribute, the media timeout off on hold,
// SRTP keys per direction, rtcp-mux, audio-level id, latching from config.

#include "b2bua/call/engine_media_control.h"

#include <gtest/gtest.h>

namespace chorus::b2bua {
namespace {

NegotiatedMedia Pcmu() {
  NegotiatedMedia m;
  m.codec.codec = AudioCodec::kPcmu;
  m.codec.name = "PCMU";
  m.codec.payload_type = 0;
  m.codec.clock_rate_hz = 8000;
  m.receive_codecs = {m.codec};
  m.telephone_event = NegotiatedTelephoneEvent{101, 8000};
  m.ptime_ms = 20;
  m.remote_rtp = *SocketAddress::Parse("10.0.0.1:4000");
  m.remote_rtcp = *SocketAddress::Parse("10.0.0.1:4001");
  return m;
}

TEST(EngineMediaControlTest, PcmuBasics) {
  media::RtpOptions rtp;
  rtp.latching = media::LatchingMode::kStrict;
  rtp.timeout_ms = 12000;
  MediaStartOptions o;
  o.mode = MediaMode::kEcho;
  auto c = ToStreamMediaConfig(Pcmu(), o, rtp);
  EXPECT_EQ(c.send_codec.codec, media::CodecId::kPcmu);
  EXPECT_EQ(c.send_codec.payload_type, 0);
  EXPECT_EQ(c.send_codec.ptime_ms, 20u);
  ASSERT_EQ(c.receive_codecs.size(), 1u);
  ASSERT_TRUE(c.send_telephone_event);
  EXPECT_EQ(c.send_telephone_event->payload_type, 101);
  ASSERT_TRUE(c.receive_telephone_event);
  EXPECT_TRUE(c.direction.send);
  EXPECT_TRUE(c.direction.receive);
  EXPECT_EQ(c.remote_rtcp.port(), 4001);
  EXPECT_FALSE(c.rtcp_mux);
  EXPECT_EQ(c.latching, media::LatchingMode::kStrict);
  EXPECT_EQ(c.media_timeout_ms, 12000);
  EXPECT_EQ(c.mode, media::AudioMode::kEcho);
  EXPECT_FALSE(c.srtp);
  EXPECT_TRUE(media::ValidateStreamMediaConfig(c).has_value());
}

TEST(EngineMediaControlTest, HoldDisablesTimeout) {
  NegotiatedMedia m = Pcmu();
  m.direction = SdpDirection::kRecvOnly;  // the peer holds us with a=sendonly
  auto c = ToStreamMediaConfig(m, MediaStartOptions{}, media::RtpOptions{});
  EXPECT_FALSE(c.direction.send);
  EXPECT_TRUE(c.direction.receive);
  EXPECT_EQ(c.media_timeout_ms, 0);
  m.direction = SdpDirection::kInactive;
  c = ToStreamMediaConfig(m, MediaStartOptions{}, media::RtpOptions{});
  EXPECT_FALSE(c.direction.send);
  EXPECT_FALSE(c.direction.receive);
}

TEST(EngineMediaControlTest, OpusFmtpAndEventClock) {
  NegotiatedMedia m = Pcmu();
  m.codec.codec = AudioCodec::kOpus;
  m.codec.name = "opus";
  m.codec.payload_type = 111;
  m.codec.clock_rate_hz = 48000;
  m.codec.opus.fec = true;
  m.codec.opus.dtx = true;
  m.codec.opus.max_playback_rate_hz = 16000;
  m.codec.opus.max_average_bitrate_bps = 20000;
  m.receive_codecs = {m.codec};
  m.telephone_event = NegotiatedTelephoneEvent{101, 8000};  // does not match Opus's clock
  m.rtcp_mux = true;
  m.audio_level_extension_id = 3;
  auto c = ToStreamMediaConfig(m, MediaStartOptions{}, media::RtpOptions{});
  EXPECT_EQ(c.send_codec.codec, media::CodecId::kOpus);
  EXPECT_TRUE(c.send_codec.opus.inband_fec);
  EXPECT_GT(c.send_codec.opus.expected_loss_percent, 0);
  EXPECT_TRUE(c.send_codec.opus.dtx);
  EXPECT_EQ(c.send_codec.opus.max_playback_rate_hz, 16000u);
  EXPECT_EQ(c.send_codec.opus.bitrate_bps, 20000);
  EXPECT_TRUE(c.receive_telephone_event);
  EXPECT_FALSE(c.send_telephone_event);
  EXPECT_TRUE(c.rtcp_mux);
  EXPECT_EQ(c.remote_rtcp, c.remote_rtp);
  EXPECT_EQ(c.audio_level_extension_id, 3);
  EXPECT_TRUE(media::ValidateStreamMediaConfig(c).has_value());
}

TEST(EngineMediaControlTest, SrtpKeysPerDirection) {
  NegotiatedMedia m = Pcmu();
  NegotiatedSrtp s;
  s.suite = SrtpSuite::kAesCm128HmacSha1_80;
  s.remote_key.key_salt.assign(30, 0x11);
  s.local_key.key_salt.assign(30, 0x22);
  m.srtp = s;
  MediaStartOptions o;
  o.inband_dtmf = true;
  auto c = ToStreamMediaConfig(m, o, media::RtpOptions{});
  ASSERT_TRUE(c.srtp);
  EXPECT_EQ(c.srtp->inbound.key.span()[0], 0x11);
  EXPECT_EQ(c.srtp->outbound.key.span()[0], 0x22);
  EXPECT_EQ(c.srtp->outbound.key.size(), 30u);
  EXPECT_TRUE(c.inband_dtmf_detection);
}

}  // namespace
}  // namespace chorus::b2bua
