#pragma once

// Unpredictable values for RTP identifiers (SSRC, first sequence number and
// timestamp base: RFC 3550 5.1 and 8) and for SRTP master keys. Reads the
// kernel CSPRNG with getrandom(2). A system call: use at stream creation,
// never per packet. Thread-safe.

#include <cstdint>
#include <span>

#include "media/base/result.h"

namespace chorus::media {

// Fills `out` with cryptographically strong random bytes.
Result<void> FillSecureRandom(std::span<uint8_t> out);

// A random 32-bit value. Aborts if the kernel has no entropy source, which
// no supported system lacks.
uint32_t RandomU32();

}  // namespace chorus::media
