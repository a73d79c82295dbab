#pragma once

// Small text helpers shared by the SDP parser, attribute parsers and
// negotiator. Pure functions, any thread.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace chorus::b2bua {

// Drops trailing spaces and tabs.
std::string_view TrimTrailingSpace(std::string_view s);
// Drops leading and trailing spaces and tabs.
std::string_view TrimSpace(std::string_view s);

// Splits `text` at runs of spaces/tabs. Fills up to `n` fields and returns
// how many it found. Without `rest`, returns n + 1 when more than n fields
// follow (so "exactly n" is `== n`); with `rest`, stores what follows the
// n-th field (leading separators removed) there.
size_t SplitFields(std::string_view text, std::string_view* fields, size_t n,
                   std::string_view* rest = nullptr);

// Decimal digits only (no sign, no spaces), no overflow.
bool ParseUint(std::string_view text, uint64_t* out);

// For error messages: single-quoted, at most 40 bytes of `text`, with
// non-printable bytes and quote characters (' " \) shown as '?', so hostile
// input can neither forge log lines nor break out of a SIP quoted-string
// (Warning headers carry these messages).
std::string Quote(std::string_view text);

}  // namespace chorus::b2bua
