// Scenarios (rule in dtmf_deduplicator.h), window 500 ms:
// - RFC 4733 '5' then in-band '5' 100 ms later -> one press;
// - the same source repeating '5' -> two presses;
// - two presses of '5' seen by two routes (A A then B B, or interleaved)
//   -> exactly two reports;
// - a different digit from another route is never a duplicate;
// - after the window, another route's '5' is a new press;
// - three routes for one press -> one report, duplicates counted.

#include "media/dtmf/dtmf_deduplicator.h"

#include <gtest/gtest.h>

namespace chorus::media {
namespace {

constexpr auto kRtp = DtmfSource::kRfc4733;
constexpr auto kTone = DtmfSource::kInband;
constexpr auto kInfo = DtmfSource::kSipInfo;

TEST(DtmfDeduplicatorTest, CrossRouteDuplicate) {
  DtmfDeduplicator d;
  EXPECT_TRUE(d.Accept('5', kRtp, 1000));
  EXPECT_FALSE(d.Accept('5', kTone, 1100));
  EXPECT_EQ(d.duplicates(), 1u);
}

TEST(DtmfDeduplicatorTest, SameSourceRepeatIsNewPress) {
  DtmfDeduplicator d;
  EXPECT_TRUE(d.Accept('5', kRtp, 1000));
  EXPECT_TRUE(d.Accept('5', kRtp, 1200));
}

TEST(DtmfDeduplicatorTest, TwoPressesTwoRoutes) {
  DtmfDeduplicator a;
  int reports = 0;
  reports += a.Accept('1', kRtp, 1000);
  reports += a.Accept('1', kRtp, 1250);
  reports += a.Accept('1', kInfo, 1300);
  reports += a.Accept('1', kInfo, 1450);
  EXPECT_EQ(reports, 2);

  DtmfDeduplicator b;
  reports = 0;
  reports += b.Accept('1', kRtp, 1000);
  reports += b.Accept('1', kInfo, 1100);
  reports += b.Accept('1', kRtp, 1300);
  reports += b.Accept('1', kInfo, 1400);
  EXPECT_EQ(reports, 2);
}

TEST(DtmfDeduplicatorTest, DifferentDigitsPass) {
  DtmfDeduplicator d;
  EXPECT_TRUE(d.Accept('1', kRtp, 1000));
  EXPECT_TRUE(d.Accept('2', kTone, 1050));
  EXPECT_FALSE(d.Accept('1', kTone, 1060));
  EXPECT_FALSE(d.Accept('2', kRtp, 1070));
}

TEST(DtmfDeduplicatorTest, WindowExpires) {
  DtmfDeduplicator d(500);
  EXPECT_TRUE(d.Accept('9', kRtp, 1000));
  EXPECT_TRUE(d.Accept('9', kInfo, 1501));
}

TEST(DtmfDeduplicatorTest, ThreeRoutesOnePress) {
  DtmfDeduplicator d;
  EXPECT_TRUE(d.Accept('#', kInfo, 1000));
  EXPECT_FALSE(d.Accept('#', kRtp, 1080));
  EXPECT_FALSE(d.Accept('#', kTone, 1090));
  EXPECT_EQ(d.duplicates(), 2u);
}

}  // namespace
}  // namespace chorus::media
