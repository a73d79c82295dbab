// Scenarios (RIFF/WAVE, PCM format 1 and WAVE_FORMAT_EXTENSIBLE):
// - Mono 8 kHz and stereo 44.1 kHz PCM16 parse to the right samples, rate,
//   channels; extensible PCM is accepted; unknown chunks (odd-sized, padded)
//   are skipped.
// - Strict errors naming the file and fault: not RIFF, not WAVE, truncated
//   RIFF, truncated chunk, not PCM (float, extensible non-PCM), unsupported
//   bits/channels/rate, inconsistent fmt, data before fmt, no data, no fmt,
//   data not a whole number of frames, second fmt.
// - ReadFile: missing file and directories are kIo errors naming the path.

#include "media/wav/wav_reader.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

namespace chorus::media {
namespace {

// Little helper to assemble WAV images.
class WavBuilder {
 public:
  WavBuilder& Raw(const std::string& s) {
    bytes_.insert(bytes_.end(), s.begin(), s.end());
    return *this;
  }
  WavBuilder& U16(uint16_t v) {
    bytes_.push_back(static_cast<uint8_t>(v));
    bytes_.push_back(static_cast<uint8_t>(v >> 8));
    return *this;
  }
  WavBuilder& U32(uint32_t v) {
    for (int i = 0; i < 4; ++i) bytes_.push_back(static_cast<uint8_t>(v >> (8 * i)));
    return *this;
  }
  WavBuilder& Fmt(uint16_t tag, uint16_t channels, uint32_t rate, uint16_t bits) {
    uint16_t align = static_cast<uint16_t>(channels * bits / 8);
    return Raw("fmt ")
        .U32(16)
        .U16(tag)
        .U16(channels)
        .U32(rate)
        .U32(rate * align)
        .U16(align)
        .U16(bits);
  }
  WavBuilder& Data(const std::vector<int16_t>& samples) {
    Raw("data").U32(static_cast<uint32_t>(samples.size() * 2));
    for (int16_t s : samples) U16(static_cast<uint16_t>(s));
    return *this;
  }
  // Wraps everything added so far in a RIFF/WAVE header.
  std::vector<uint8_t> Riff() const {
    std::vector<uint8_t> out = {'R', 'I', 'F', 'F'};
    uint32_t size = static_cast<uint32_t>(bytes_.size() + 4);
    for (int i = 0; i < 4; ++i) out.push_back(static_cast<uint8_t>(size >> (8 * i)));
    out.insert(out.end(), {'W', 'A', 'V', 'E'});
    out.insert(out.end(), bytes_.begin(), bytes_.end());
    return out;
  }

 private:
  std::vector<uint8_t> bytes_;
};

Error ParseError(const std::vector<uint8_t>& bytes) {
  auto r = WavReader::Parse(bytes, "prompts/x.wav");
  EXPECT_FALSE(r);
  if (r) return Error{};
  EXPECT_EQ(r.error().message.rfind("prompts/x.wav: ", 0), 0u) << r.error().message;
  return r.error();
}

TEST(WavReaderTest, MonoPcm) {
  auto bytes = WavBuilder().Fmt(1, 1, 8000, 16).Data({0, 1, -1, 32767, -32768}).Riff();
  auto r = WavReader::Parse(bytes, "a.wav");
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->sample_rate_hz, 8000u);
  EXPECT_EQ(r->channels, 1);
  EXPECT_EQ(r->samples, (std::vector<int16_t>{0, 1, -1, 32767, -32768}));
  EXPECT_EQ(r->frames(), 5u);
}

TEST(WavReaderTest, StereoWithOddChunkBeforeData) {
  auto bytes = WavBuilder()
                   .Fmt(1, 2, 44100, 16)
                   .Raw("LIST")
                   .U32(3)
                   .Raw("abc")
                   .Raw(std::string(1, '\0'))  // padded
                   .Data({100, -100, 200, -200})
                   .Riff();
  auto r = WavReader::Parse(bytes, "s.wav");
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->sample_rate_hz, 44100u);
  EXPECT_EQ(r->channels, 2);
  EXPECT_EQ(r->frames(), 2u);
  EXPECT_EQ(r->samples[3], -200);
}

TEST(WavReaderTest, ExtensiblePcm) {
  const uint8_t pcm_guid_tail[14] = {0, 0, 0, 0, 0x10, 0, 0x80, 0, 0, 0xAA, 0, 0x38, 0x9B, 0x71};
  WavBuilder b;
  b.Raw("fmt ").U32(40).U16(0xFFFE).U16(1).U32(48000).U32(96000).U16(2).U16(16);
  b.U16(22).U16(16).U32(4).U16(1);
  b.Raw(std::string(reinterpret_cast<const char*>(pcm_guid_tail), 14));
  auto bytes = b.Data({7, 8}).Riff();
  auto r = WavReader::Parse(bytes, "e.wav");
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->sample_rate_hz, 48000u);
  EXPECT_EQ(r->samples, (std::vector<int16_t>{7, 8}));

  // Same header with the IEEE float subtype (code 3) is refused.
  WavBuilder f;
  f.Raw("fmt ").U32(40).U16(0xFFFE).U16(1).U32(48000).U32(96000).U16(2).U16(16);
  f.U16(22).U16(16).U32(4).U16(3);
  f.Raw(std::string(reinterpret_cast<const char*>(pcm_guid_tail), 14));
  Error e = ParseError(f.Data({7, 8}).Riff());
  EXPECT_EQ(e.code, ErrorCode::kUnsupported);
  EXPECT_NE(e.message.find("not PCM"), std::string::npos);
}

TEST(WavReaderTest, NotRiffOrWave) {
  EXPECT_NE(ParseError({}).message.find("not a RIFF/WAVE file"), std::string::npos);
  std::vector<uint8_t> rifx = WavBuilder().Fmt(1, 1, 8000, 16).Data({1}).Riff();
  rifx[3] = 'X';
  EXPECT_NE(ParseError(rifx).message.find("not a RIFF/WAVE"), std::string::npos);
  std::vector<uint8_t> avi = WavBuilder().Fmt(1, 1, 8000, 16).Data({1}).Riff();
  std::memcpy(avi.data() + 8, "AVI ", 4);
  EXPECT_EQ(ParseError(avi).code, ErrorCode::kParse);
}

TEST(WavReaderTest, Truncated) {
  std::vector<uint8_t> full = WavBuilder().Fmt(1, 1, 8000, 16).Data({1, 2, 3, 4}).Riff();
  std::vector<uint8_t> cut(full.begin(), full.end() - 3);
  EXPECT_NE(ParseError(cut).message.find("truncated: RIFF header declares"), std::string::npos);
  // RIFF size consistent with the cut, but the data chunk claims more.
  std::vector<uint8_t> lying = cut;
  uint32_t riff = static_cast<uint32_t>(lying.size() - 8);
  for (int i = 0; i < 4; ++i) lying[4 + i] = static_cast<uint8_t>(riff >> (8 * i));
  Error e = ParseError(lying);
  EXPECT_NE(e.message.find("truncated: chunk 'data'"), std::string::npos) << e.message;
  // A chunk header cut in half.
  std::vector<uint8_t> half = WavBuilder().Fmt(1, 1, 8000, 16).Raw("dat").Riff();
  EXPECT_NE(ParseError(half).message.find("truncated chunk header"), std::string::npos);
}

TEST(WavReaderTest, UnsupportedFormats) {
  Error e = ParseError(WavBuilder().Fmt(3, 1, 8000, 32).Data({1, 2}).Riff());
  EXPECT_EQ(e.code, ErrorCode::kUnsupported);
  EXPECT_NE(e.message.find("not PCM (format tag 0x0003)"), std::string::npos);
  e = ParseError(WavBuilder().Fmt(1, 1, 8000, 8).Data({1}).Riff());
  EXPECT_NE(e.message.find("unsupported bits per sample 8"), std::string::npos);
  e = ParseError(WavBuilder().Fmt(1, 1, 8000, 24).Data({1, 2, 3}).Riff());
  EXPECT_NE(e.message.find("bits per sample 24"), std::string::npos);
  e = ParseError(WavBuilder().Fmt(1, 3, 8000, 16).Data({1, 2, 3}).Riff());
  EXPECT_NE(e.message.find("channel count 3"), std::string::npos);
  e = ParseError(WavBuilder().Fmt(1, 1, 22050, 16).Data({1}).Riff());
  EXPECT_NE(e.message.find("sample rate 22050"), std::string::npos);
}

TEST(WavReaderTest, StructuralFaults) {
  WavBuilder bad_align;
  bad_align.Raw("fmt ").U32(16).U16(1).U16(1).U32(8000).U32(16000).U16(4).U16(16);
  EXPECT_NE(ParseError(bad_align.Data({1, 2}).Riff()).message.find("inconsistent fmt"),
            std::string::npos);
  EXPECT_NE(ParseError(WavBuilder().Data({1}).Fmt(1, 1, 8000, 16).Riff())
                .message.find("data chunk before fmt"),
            std::string::npos);
  EXPECT_NE(ParseError(WavBuilder().Fmt(1, 1, 8000, 16).Riff()).message.find("no data chunk"),
            std::string::npos);
  EXPECT_NE(ParseError(WavBuilder().Raw("junk").U32(0).Riff()).message.find("no fmt chunk"),
            std::string::npos);
  EXPECT_NE(ParseError(WavBuilder().Raw("fmt ").U32(4).U32(1).Riff()).message.find("shorter"),
            std::string::npos);
  EXPECT_NE(ParseError(WavBuilder().Fmt(1, 1, 8000, 16).Fmt(1, 1, 8000, 16).Data({1}).Riff())
                .message.find("second fmt"),
            std::string::npos);
  // Stereo data of 3 samples is not a whole number of frames.
  EXPECT_NE(ParseError(WavBuilder().Fmt(1, 2, 8000, 16).Data({1, 2, 3}).Riff())
                .message.find("not a multiple"),
            std::string::npos);
}

TEST(WavReaderTest, EmptyDataIsValid) {
  auto r = WavReader::Parse(WavBuilder().Fmt(1, 1, 16000, 16).Data({}).Riff(), "e.wav");
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->samples.empty());
}

TEST(WavReaderTest, ReadFileErrorsNamePath) {
  std::string missing = ::testing::TempDir() + "chorus_no_such_file.wav";
  auto r = WavReader::ReadFile(missing);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kIo);
  EXPECT_NE(r.error().message.find(missing), std::string::npos);
  auto dir = WavReader::ReadFile(::testing::TempDir());
  ASSERT_FALSE(dir);
  EXPECT_EQ(dir.error().code, ErrorCode::kIo);
}

TEST(WavReaderTest, ReadFileParses) {
  std::string path = ::testing::TempDir() + "chorus_wav_reader_test.wav";
  std::vector<uint8_t> bytes = WavBuilder().Fmt(1, 1, 16000, 16).Data({5, -5, 6}).Riff();
  {
    std::ofstream out(path, std::ios::binary);
    out.write(reinterpret_cast<const char*>(bytes.data()),
              static_cast<std::streamsize>(bytes.size()));
  }
  auto r = WavReader::ReadFile(path);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->samples, (std::vector<int16_t>{5, -5, 6}));
  std::remove(path.c_str());
}

}  // namespace
}  // namespace chorus::media
