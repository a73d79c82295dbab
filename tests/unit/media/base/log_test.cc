// Scenarios: records are one key=value line; values with spaces, quotes and
// control bytes are quoted and escaped; levels below the threshold emit
// nothing; the rate limiter admits N per second and counts the rest.

#include "media/base/log.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace chorus::log {
namespace {

class LogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    SetSinkForTest([this](std::string_view line) { lines_.emplace_back(line); });
    SetLevel(Level::kInfo);
  }
  void TearDown() override {
    SetSinkForTest(nullptr);
    SetLevel(Level::kInfo);
  }
  std::vector<std::string> lines_;
};

TEST_F(LogTest, FormatsKeyValues) {
  CHORUS_LOG(kWarn, "sip.parse_error").Kv("peer", "1.2.3.4:5060").Kv("code", 400).Kv("ok", false);
  ASSERT_EQ(lines_.size(), 1u);
  EXPECT_NE(lines_[0].find(" level=warn event=sip.parse_error peer=1.2.3.4:5060 code=400 ok=false"),
            std::string::npos);
  EXPECT_EQ(lines_[0].rfind("ts=", 0), 0u);
}

TEST_F(LogTest, QuotesAndEscapes) {
  CHORUS_LOG(kError, "x").Kv("reason", "bad \"CSeq\"\r\n").Kv("empty", "");
  ASSERT_EQ(lines_.size(), 1u);
  EXPECT_NE(lines_[0].find(R"(reason="bad \"CSeq\"\x0d\x0a")"), std::string::npos);
  EXPECT_NE(lines_[0].find(R"(empty="")"), std::string::npos);
}

TEST_F(LogTest, BelowThresholdIsSilent) {
  CHORUS_LOG(kDebug, "noise").Kv("a", 1);
  EXPECT_TRUE(lines_.empty());
  SetLevel(Level::kDebug);
  CHORUS_LOG(kDebug, "noise").Kv("a", 1);
  EXPECT_EQ(lines_.size(), 1u);
}

TEST_F(LogTest, LongRecordsAreTruncatedNotOverflowed) {
  std::string big(5000, 'a');
  CHORUS_LOG(kInfo, "big").Kv("v", big);
  ASSERT_EQ(lines_.size(), 1u);
  EXPECT_LT(lines_[0].size(), 2048u);
  EXPECT_NE(lines_[0].find("truncated=true"), std::string::npos);
}

TEST(LogLevelTest, Parses) {
  EXPECT_EQ(*ParseLevel("debug"), Level::kDebug);
  EXPECT_EQ(*ParseLevel("warning"), Level::kWarn);
  EXPECT_FALSE(ParseLevel("loud"));
}

TEST(RateLimiterTest, AdmitsPerSecond) {
  RateLimiter rl(2);
  EXPECT_TRUE(rl.Allow(1000));
  EXPECT_TRUE(rl.Allow(1100));
  EXPECT_FALSE(rl.Allow(1200));
  EXPECT_FALSE(rl.Allow(1999));
  EXPECT_EQ(rl.TakeSuppressed(), 2u);
  EXPECT_TRUE(rl.Allow(2000));
}

}  // namespace
}  // namespace chorus::log
