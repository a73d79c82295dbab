#pragma once

// DTMF carried in SIP INFO bodies, parsed as plain text (no SIP types):
//   application/dtmf-relay   "Signal=5\r\nDuration=160\r\n" (key=value
//                            lines; keys case-insensitive; spaces around
//                            '=' and values tolerated; CRLF or LF;
//                            unknown keys ignored; Signal required;
//                            Duration in ms optional)
//   application/dtmf         "5" (the digit alone, surrounding white space
//                            tolerated)
// The signal is a digit 0-9, *, #, A-D (any case), or an RFC 4733 event
// number 0-15 as some endpoints send ("10" for '*', "11" for '#'). Bodies
// over kMaxDtmfInfoBodyBytes and anything else malformed are rejected with
// a message naming the fault. Signalling thread; any thread is fine.

#include <cstdint>
#include <optional>
#include <string_view>

#include "media/base/result.h"

namespace chorus::media {

inline constexpr size_t kMaxDtmfInfoBodyBytes = 1024;
inline constexpr uint32_t kMaxDtmfInfoDurationMs = 60'000;

struct DtmfInfo {
  char digit = '\0';
  std::optional<uint32_t> duration_ms;
};

Result<DtmfInfo> ParseDtmfRelayBody(std::string_view body);
Result<DtmfInfo> ParseDtmfBody(std::string_view body);
// Picks the parser from the media type ("application/dtmf-relay" or
// "application/dtmf", case-insensitive, parameters ignored).
Result<DtmfInfo> ParseDtmfInfoBody(std::string_view content_type, std::string_view body);

}  // namespace chorus::media
