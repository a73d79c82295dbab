// Scenarios (files in a fresh temporary directory):
// - Streaming writes across many buffer flushes read back exactly through
//   WavReader, with a canonical 44-byte mono PCM16 header.
// - Sizes are patched at each flush (a file still open reads back up to the
//   last flush), on Close() and by the destructor alone.
// - Close() is idempotent; Write() after it is an error; fsync_on_close
//   works; moving a writer keeps one owner and move-assignment closes the
//   target's file first.
// - Creating in a missing directory and bad options are errors naming the path.

#include "media/wav/wav_writer.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "media/wav/wav_reader.h"
#include "tests/unit/media/testing/audio_signals.h"

namespace chorus::media {
namespace {

class WavWriterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = ::testing::TempDir() + "chorus_wav_XXXXXX";
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string Path(const char* name) const { return dir_ + "/" + name; }

  std::string dir_;
};

TEST_F(WavWriterTest, RoundTripAcrossFlushes) {
  WavWriterOptions options;
  options.sample_rate_hz = 16000;
  options.buffer_bytes = 1000;  // many flushes
  auto w = WavWriter::Create(Path("room.wav"), options);
  ASSERT_TRUE(w) << w.error().message;
  std::vector<int16_t> tone = testing::MakeTone(16000, 440, -6, 16000);
  for (size_t pos = 0; pos < tone.size(); pos += 320) {
    ASSERT_TRUE(w->Write(std::span<const int16_t>(tone).subspan(pos, 320)));
  }
  EXPECT_EQ(w->samples_written(), 16000u);
  ASSERT_TRUE(w->Close());
  EXPECT_FALSE(w->is_open());
  EXPECT_EQ(std::filesystem::file_size(Path("room.wav")), 44u + 32000u);
  auto r = WavReader::ReadFile(Path("room.wav"));
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->sample_rate_hz, 16000u);
  EXPECT_EQ(r->channels, 1);
  EXPECT_EQ(r->samples, tone);
}

TEST_F(WavWriterTest, SizesPatchedAtEachFlush) {
  WavWriterOptions options;
  options.buffer_bytes = 100;
  auto w = WavWriter::Create(Path("live.wav"), options);
  ASSERT_TRUE(w);
  std::vector<int16_t> samples(120, 3);  // 240 bytes: two flushes of 100 bytes
  ASSERT_TRUE(w->Write(samples));
  auto partial = WavReader::ReadFile(Path("live.wav"));
  ASSERT_TRUE(partial) << partial.error().message;
  EXPECT_EQ(partial->samples.size(), 100u);
  ASSERT_TRUE(w->Close());
  EXPECT_EQ(WavReader::ReadFile(Path("live.wav"))->samples.size(), 120u);
}

TEST_F(WavWriterTest, DestructorPatchesSizes) {
  {
    auto w = WavWriter::Create(Path("d.wav"), {});
    ASSERT_TRUE(w);
    std::vector<int16_t> samples(999, -7);
    ASSERT_TRUE(w->Write(samples));
  }
  auto r = WavReader::ReadFile(Path("d.wav"));
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->samples.size(), 999u);
  EXPECT_EQ(r->sample_rate_hz, 48000u);
}

TEST_F(WavWriterTest, CloseIsIdempotentAndFinal) {
  WavWriterOptions options;
  options.fsync_on_close = true;
  auto w = WavWriter::Create(Path("c.wav"), options);
  ASSERT_TRUE(w);
  ASSERT_TRUE(w->Write(std::vector<int16_t>(10, 1)));
  EXPECT_TRUE(w->Close());
  EXPECT_TRUE(w->Close());
  auto again = w->Write(std::vector<int16_t>(1, 1));
  ASSERT_FALSE(again);
  EXPECT_NE(again.error().message.find("closed"), std::string::npos);
  EXPECT_EQ(WavReader::ReadFile(Path("c.wav"))->samples.size(), 10u);
}

TEST_F(WavWriterTest, MoveKeepsOneOwner) {
  auto a = WavWriter::Create(Path("a.wav"), {});
  auto b = WavWriter::Create(Path("b.wav"), {});
  ASSERT_TRUE(a && b);
  ASSERT_TRUE(a->Write(std::vector<int16_t>(5, 1)));
  ASSERT_TRUE(b->Write(std::vector<int16_t>(7, 2)));
  WavWriter moved = std::move(*a);
  EXPECT_FALSE(a->is_open());
  EXPECT_TRUE(moved.is_open());
  moved = std::move(*b);  // closes a.wav first
  EXPECT_EQ(WavReader::ReadFile(Path("a.wav"))->samples.size(), 5u);
  EXPECT_EQ(moved.path(), Path("b.wav"));
  ASSERT_TRUE(moved.Close());
  EXPECT_EQ(WavReader::ReadFile(Path("b.wav"))->samples.size(), 7u);
}

TEST_F(WavWriterTest, CreateErrors) {
  std::string bad = Path("missing-dir/x.wav");
  auto w = WavWriter::Create(bad, {});
  ASSERT_FALSE(w);
  EXPECT_EQ(w.error().code, ErrorCode::kIo);
  EXPECT_NE(w.error().message.find(bad), std::string::npos);
  WavWriterOptions options;
  options.sample_rate_hz = 100;
  EXPECT_EQ(WavWriter::Create(Path("r.wav"), options).error().code, ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace chorus::media
