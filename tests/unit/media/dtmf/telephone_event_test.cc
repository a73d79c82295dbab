// Scenarios (RFC 4733 2.3, 3.2): payload fields (event, E, volume,
// duration) read byte by byte; R bit ignored; short payloads rejected;
// extra bytes ignored; serialize round-trips; digit <-> event code table
// (0-9, * = 10, # = 11, A-D = 12-15, lower case accepted, others none).

#include "media/dtmf/telephone_event.h"

#include <gtest/gtest.h>

#include <vector>

#include "media/dtmf/dtmf_digit.h"

namespace chorus::media {
namespace {

TEST(TelephoneEventTest, ParsesFields) {
  const std::vector<uint8_t> payload = {11, 0x80 | 0x40 | 10, 0x03, 0x20};
  auto e = TelephoneEvent::Parse(payload);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->event, 11);
  EXPECT_TRUE(e->end);
  EXPECT_EQ(e->volume, 10);
  EXPECT_EQ(e->duration, 800);
  EXPECT_FALSE(TelephoneEvent::Parse(std::vector<uint8_t>{1, 2, 3}));
  const std::vector<uint8_t> padded = {5, 10, 0, 160, 0, 0, 0, 0};
  EXPECT_EQ(TelephoneEvent::Parse(padded)->duration, 160);
}

TEST(TelephoneEventTest, SerializeRoundTrip) {
  TelephoneEvent e{.event = 15, .end = true, .volume = 63, .duration = 0xFFFF};
  auto bytes = e.Serialize();
  EXPECT_EQ(bytes[0], 15);
  EXPECT_EQ(bytes[1], 0x80 | 63);
  EXPECT_EQ(bytes[2], 0xFF);
  EXPECT_EQ(TelephoneEvent::Parse(bytes), e);
}

TEST(DtmfDigitTest, EventCodes) {
  const char* digits = "0123456789*#ABCD";
  for (uint8_t i = 0; i <= 15; ++i) {
    EXPECT_EQ(DtmfEventToChar(i), digits[i]);
    EXPECT_EQ(DtmfCharToEvent(digits[i]), i);
  }
  EXPECT_EQ(DtmfEventToChar(16), '\0');
  EXPECT_EQ(DtmfCharToEvent('b'), 13);
  EXPECT_FALSE(DtmfCharToEvent('E'));
  EXPECT_FALSE(DtmfCharToEvent(' '));
}

}  // namespace
}  // namespace chorus::media
