// Scenarios: StreamConfig validation, each refusal naming the field:
// - a plain PCMU config with rtcp-mux passes;
// - send codec: a ptime the codec does not send, a payload type above 127,
//   a payload type in 64..95 with rtcp-mux (RFC 5761 4);
// - receive codecs: none, too many, a payload type listed twice;
// - telephone-event: receive payload type shared with a codec, a clock
//   outside 8-48 kHz, a send clock unlike the send codec's RTP clock
//   (RFC 4733 2.1);
// - SRTP: a key for another suite, a key of the wrong size;
// - audio level extension id 15 (RFC 8285 4.2 reserves it), a negative
//   timeout, zero relatch packets, a CNAME over 255 bytes;
// - modes other than echo are kUnsupported for now;
// - sockets: RTP always, RTCP unless rtcp-mux;
// - IsSendableAddress: unspecified, any-address and port 0 are nowhere;
// - SendCodecConfig equality includes the Opus options.

#include "media/stream/stream_config.h"

#include <gtest/gtest.h>

#include <functional>
#include <string>

#include "tests/unit/media/stream/stream_harness.h"

namespace chorus::media::testing {
namespace {

void ExpectRefused(const std::function<void(StreamMediaConfig&)>& change, const char* mentions,
                   ErrorCode code = ErrorCode::kInvalidArgument) {
  StreamMediaConfig media = PcmuMedia();
  change(media);
  auto r = ValidateStreamMediaConfig(media);
  ASSERT_FALSE(r) << mentions;
  EXPECT_EQ(r.error().code, code) << r.error().message;
  EXPECT_NE(r.error().message.find(mentions), std::string::npos) << r.error().message;
}

TEST(StreamConfigTest, PlainConfigPasses) {
  EXPECT_TRUE(ValidateStreamMediaConfig(PcmuMedia()));
  EXPECT_TRUE(ValidateStreamMediaConfig(MediaFor(CodecId::kOpus, 111, 60)));
}

TEST(StreamConfigTest, RefusalsNameTheField) {
  ExpectRefused([](auto& m) { m.send_codec.ptime_ms = 25; }, "ptime 25");
  ExpectRefused([](auto& m) { m.send_codec.payload_type = 128; }, "send codec: payload type 128");
  ExpectRefused([](auto& m) { m.send_codec.payload_type = 72; }, "RFC 5761");
  ExpectRefused([](auto& m) { m.receive_codecs.clear(); }, "receive codecs: none");
  ExpectRefused([](auto& m) { m.receive_codecs.assign(9, {0, CodecId::kPcmu}); }, "at most 8");
  ExpectRefused([](auto& m) { m.receive_codecs.push_back({0, CodecId::kPcma}); }, "listed twice");
  ExpectRefused([](auto& m) { m.receive_telephone_event->payload_type = 0; },
                "also a receive codec");
  ExpectRefused([](auto& m) { m.receive_telephone_event->clock_rate_hz = 4000; }, "4000 Hz");
  ExpectRefused([](auto& m) { m.send_telephone_event->clock_rate_hz = 48000; }, "RFC 4733 2.1");
  ExpectRefused([](auto& m) { m.send_telephone_event->payload_type = 0; }, "send telephone-event");
  ExpectRefused([](auto& m) { m.audio_level_extension_id = 15; }, "extension id 15");
  ExpectRefused([](auto& m) { m.media_timeout_ms = -1; }, "timeout");
  ExpectRefused([](auto& m) { m.relatch_packets = 0; }, "relatch");
  ExpectRefused([](auto& m) { m.cname.assign(256, 'x'); }, "cname");
  ExpectRefused([](auto& m) { m.mode = AudioMode::kConference; }, "conference",
                ErrorCode::kUnsupported);
}

TEST(StreamConfigTest, SrtpKeysMustFitTheSuite) {
  auto key80 = GenerateSdesKeyParams(SrtpSuite::kAesCm128HmacSha1_80);
  auto key32 = GenerateSdesKeyParams(SrtpSuite::kAesCm128HmacSha1_32);
  ASSERT_TRUE(key80 && key32);
  ExpectRefused(
      [&](auto& m) {
        m.srtp = SrtpConfig{SrtpSuite::kAesCm128HmacSha1_80, *key80, *key32};
      },
      "srtp outbound");
  SdesKeyParams short_key = *key80;
  short_key.key = SrtpMasterKey(std::span<const uint8_t>(short_key.key.span()).first(16));
  ExpectRefused(
      [&](auto& m) {
        m.srtp = SrtpConfig{SrtpSuite::kAesCm128HmacSha1_80, short_key, *key80};
      },
      "16 bytes");
  StreamMediaConfig ok = PcmuMedia();
  ok.srtp = SrtpConfig{SrtpSuite::kAesCm128HmacSha1_80, *key80, *key80};
  EXPECT_TRUE(ValidateStreamMediaConfig(ok));
}

TEST(StreamConfigTest, SocketsAreRequired) {
  StreamConfig config;
  config.stream_id = 3;
  config.media = PcmuMedia();
  auto r = ValidateStreamConfig(config);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("stream 3: no RTP socket"), std::string::npos);
  config.rtp_socket = UdpSocket::Bind(Addr("127.0.0.1:0")).value();
  EXPECT_TRUE(ValidateStreamConfig(config));
  config.media.rtcp_mux = false;
  r = ValidateStreamConfig(config);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("no RTCP socket"), std::string::npos);
  config.media.mode = AudioMode::kIvr;
  config.media.rtcp_mux = true;
  r = ValidateStreamConfig(config);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("(stream 3)"), std::string::npos);
}

TEST(StreamConfigTest, SendableAddresses) {
  EXPECT_FALSE(IsSendableAddress(SocketAddress()));
  EXPECT_FALSE(IsSendableAddress(Addr("0.0.0.0:5004")));
  EXPECT_FALSE(IsSendableAddress(Addr("127.0.0.1:0")));
  EXPECT_FALSE(IsSendableAddress(Addr("[::]:5004")));
  EXPECT_TRUE(IsSendableAddress(Addr("127.0.0.1:5004")));
  EXPECT_TRUE(IsSendableAddress(Addr("[::1]:5004")));
}

TEST(StreamConfigTest, SendCodecEqualityIncludesOpusOptions) {
  SendCodecConfig a;
  a.codec = CodecId::kOpus;
  SendCodecConfig b = a;
  EXPECT_TRUE(a == b);
  b.opus.inband_fec = true;
  EXPECT_FALSE(a == b);
  EXPECT_EQ(AudioModeName(AudioMode::kBridge), "bridge");
}

}  // namespace
}  // namespace chorus::media::testing
