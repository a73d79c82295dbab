#pragma once

// BuildSdp: SdpSession -> canonical session description text. Pure function,
// any thread.
//
// Canonical means: CRLF line ends, single spaces between fields, lines in
// RFC 8866 order (v o s i u e p c b t r z k a, then per m= section m i c b k
// a), attributes in their stored order. An empty session name is written as
// "s=-" and an empty timing list as "t=0 0", as ParseSdp reads them, so
// ParseSdp(BuildSdp(x)) == x for every x that ParseSdp produced, and
// BuildSdp(ParseSdp(text)) is byte-identical to `text` when `text` was
// already canonical.
//
// Values are written as stored: callers building a session from scratch keep
// CR and LF out of them (the negotiator only writes values it produced or
// that ParseSdp produced).

#include <string>

#include "b2bua/sdp/sdp_session.h"

namespace chorus::b2bua {

std::string BuildSdp(const SdpSession& session);
// Appends to `out` (lets callers reuse one buffer).
void AppendSdp(const SdpSession& session, std::string& out);

}  // namespace chorus::b2bua
