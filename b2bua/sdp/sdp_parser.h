#pragma once

// ParseSdp: session description text -> SdpSession (RFC 8866; RFC 4566 bodies
// parse the same). Pure function, any thread.
//
// Accepts CRLF and bare LF line ends, blank lines, trailing whitespace,
// session-level lines in any order after v=, runs of spaces between fields,
// an empty or missing s= (reads as "-") and a missing t= (reads as "t=0 0").
// Rejects, with an ErrorCode::kParse error naming the line and the fault:
// a missing, duplicated or non-zero v=; a missing or malformed o=; lines
// that are not "<letter>=<value>" or use an unknown type letter (RFC 8866 5:
// a parser must reject those); a line type not allowed where it appears;
// a malformed m= (media, port, port count, proto, formats; RTP profiles need
// payload types 0-127), c= (must be "IN IP4|IP6 <address>" with an address
// of that family or a host name), b=, t=, or a= line; an active stream
// (port != 0) with no c= at either level; and bodies over the limits.
//
// Attribute values are not interpreted here: the typed accessors in
// sdp_session.h and sdp_attributes.h parse them when asked, so one odd
// attribute on a stream we will reject anyway (RFC 4475 bodies carry
// "a=rtpmap:31 LPC" without a clock rate) does not sink the whole body.

#include <cstddef>
#include <string_view>

#include "b2bua/sdp/sdp_session.h"
#include "media/base/result.h"

namespace chorus::b2bua {

// Caps that keep a hostile body cheap: parsing stops at the first excess.
struct SdpParseLimits {
  size_t max_bytes = 64 * 1024;
  size_t max_lines = 1024;
  size_t max_line_bytes = 4096;
  size_t max_media = 16;
  size_t max_formats = 64;  // per m= line
};

Result<SdpSession> ParseSdp(std::string_view text, const SdpParseLimits& limits = {});

}  // namespace chorus::b2bua
