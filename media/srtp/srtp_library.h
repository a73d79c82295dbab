#pragma once

// SrtpLibrary: process-wide libsrtp2 set-up. Init() runs srtp_init once
// and probes whether this libsrtp2 build supports AES-GCM (creating a GCM
// policy fails when it was built without a crypto backend that has GCM).
// Call Init() from main() before media threads start; it is idempotent and
// thread-safe, GcmSupported() may be read from any thread afterwards.

#include "media/base/result.h"

namespace chorus::media {

class SrtpLibrary {
 public:
  static Result<void> Init();
  static bool Initialized();
  // Only meaningful after Init().
  static bool GcmSupported();
};

}  // namespace chorus::media
