// Scenarios (SIP INFO DTMF bodies, text only):
// - application/dtmf-relay "Signal=5\r\nDuration=160\r\n" -> '5', 160 ms;
//   LF-only lines, spaces and tabs around '=' and values, any key case,
//   unknown keys ignored, Duration optional, "Signal=10" -> '*', "11" ->
//   '#', lower-case 'a';
// - application/dtmf "5", " # \r\n";
// - dispatch by content type (case-insensitive, parameters ignored);
//   other types -> unsupported;
// - rejected: no Signal, two Signals, bad signal ("E", "16", "55", empty),
//   a line without '=', non-numeric or huge Duration, over-long body,
//   garbage in application/dtmf; messages name the fault.

#include "media/dtmf/dtmf_info_body.h"

#include <gtest/gtest.h>

#include <string>

namespace chorus::media {
namespace {

TEST(DtmfInfoBodyTest, DtmfRelay) {
  auto info = ParseDtmfRelayBody("Signal=5\r\nDuration=160\r\n");
  ASSERT_TRUE(info) << info.error().message;
  EXPECT_EQ(info->digit, '5');
  EXPECT_EQ(info->duration_ms, 160u);

  info = ParseDtmfRelayBody("  signal = #\n\tDURATION\t=  250 \nVolume=10\n");
  ASSERT_TRUE(info) << info.error().message;
  EXPECT_EQ(info->digit, '#');
  EXPECT_EQ(info->duration_ms, 250u);

  info = ParseDtmfRelayBody("Signal=10");
  ASSERT_TRUE(info);
  EXPECT_EQ(info->digit, '*');
  EXPECT_FALSE(info->duration_ms);
  EXPECT_EQ(ParseDtmfRelayBody("Signal=11\r\n")->digit, '#');
  EXPECT_EQ(ParseDtmfRelayBody("Signal=a\r\n")->digit, 'A');
  EXPECT_EQ(ParseDtmfRelayBody("\r\nSignal=0\r\n\r\n")->digit, '0');
}

TEST(DtmfInfoBodyTest, DtmfRelayRejects) {
  auto expect_error = [](std::string_view body, std::string_view mentions) {
    auto r = ParseDtmfRelayBody(body);
    ASSERT_FALSE(r) << body;
    EXPECT_NE(r.error().message.find(mentions), std::string::npos) << r.error().message;
  };
  expect_error("Duration=160\r\n", "no Signal");
  expect_error("", "no Signal");
  expect_error("Signal=1\r\nSignal=2\r\n", "two Signal");
  expect_error("Signal=E\r\n", "not a DTMF digit");
  expect_error("Signal=16\r\n", "not a DTMF digit");
  expect_error("Signal=55\r\n", "not a DTMF digit");
  expect_error("Signal=\r\n", "not a DTMF digit");
  expect_error("Signal 5\r\n", "lacks '='");
  expect_error("Signal=5\r\nDuration=abc\r\n", "Duration");
  expect_error("Signal=5\r\nDuration=99999999999\r\n", "Duration");
  expect_error("Signal=5\r\nDuration=-5\r\n", "Duration");
  expect_error(std::string(2000, 'x'), "too long");
}

TEST(DtmfInfoBodyTest, PlainDtmf) {
  EXPECT_EQ(ParseDtmfBody("5")->digit, '5');
  EXPECT_EQ(ParseDtmfBody(" # \r\n")->digit, '#');
  EXPECT_FALSE(ParseDtmfBody("55"));
  EXPECT_FALSE(ParseDtmfBody("hello"));
  EXPECT_FALSE(ParseDtmfBody(""));
}

TEST(DtmfInfoBodyTest, DispatchByContentType) {
  EXPECT_EQ(ParseDtmfInfoBody("application/dtmf-relay", "Signal=7")->digit, '7');
  EXPECT_EQ(ParseDtmfInfoBody("Application/DTMF-Relay; charset=utf-8", "Signal=7")->digit, '7');
  EXPECT_EQ(ParseDtmfInfoBody(" application/dtmf ", "9")->digit, '9');
  auto other = ParseDtmfInfoBody("text/plain", "5");
  ASSERT_FALSE(other);
  EXPECT_EQ(other.error().code, ErrorCode::kUnsupported);
}

}  // namespace
}  // namespace chorus::media
