// Scenarios for the SDP text helpers: field splitting on runs of spaces and
// tabs with and without a remainder, strict unsigned parsing (no signs,
// spaces or overflow), trimming, and quoting that neutralises control and
// quote characters and truncates long input.

#include "b2bua/sdp/sdp_text.h"

#include <gtest/gtest.h>

namespace chorus::b2bua {
namespace {

TEST(SdpTextTest, SplitFields) {
  std::string_view f[3];
  EXPECT_EQ(SplitFields("  a \tb  c ", f, 3), 3u);
  EXPECT_EQ(f[0], "a");
  EXPECT_EQ(f[2], "c");
  EXPECT_EQ(SplitFields("a b c d", f, 3), 4u);
  EXPECT_EQ(SplitFields("a", f, 3), 1u);
  EXPECT_EQ(SplitFields("", f, 3), 0u);
  std::string_view rest;
  EXPECT_EQ(SplitFields("a b  c d", f, 2, &rest), 2u);
  EXPECT_EQ(rest, "c d");
  EXPECT_EQ(SplitFields("a b", f, 2, &rest), 2u);
  EXPECT_EQ(rest, "");
}

TEST(SdpTextTest, ParseUint) {
  uint64_t v = 0;
  EXPECT_TRUE(ParseUint("0", &v));
  EXPECT_TRUE(ParseUint("18446744073709551615", &v));
  EXPECT_EQ(v, UINT64_MAX);
  EXPECT_FALSE(ParseUint("18446744073709551616", &v));
  EXPECT_FALSE(ParseUint("", &v));
  EXPECT_FALSE(ParseUint("+1", &v));
  EXPECT_FALSE(ParseUint(" 1", &v));
  EXPECT_FALSE(ParseUint("1x", &v));
}

TEST(SdpTextTest, TrimAndQuote) {
  EXPECT_EQ(TrimTrailingSpace(" a \t"), " a");
  EXPECT_EQ(TrimSpace(" \ta b \t"), "a b");
  EXPECT_EQ(Quote("ok"), "'ok'");
  EXPECT_EQ(Quote(std::string("a\0\r\n\"'\\\x7f\xff", 9)), "'a" + std::string(8, '?') + "'");
  EXPECT_EQ(Quote(std::string(50, 'x')), "'" + std::string(40, 'x') + "...'");
}

}  // namespace
}  // namespace chorus::b2bua
