#include "media/rtp/rtp_random.h"

#include <sys/random.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "media/base/check.h"

namespace chorus::media {

Result<void> FillSecureRandom(std::span<uint8_t> out) {
  size_t done = 0;
  while (done < out.size()) {
    ssize_t n = getrandom(out.data() + done, out.size() - done, 0);
    if (n < 0) {
      if (errno == EINTR) continue;
      return MakeError(ErrorCode::kIo, std::string("getrandom failed: ") + strerror(errno));
    }
    done += static_cast<size_t>(n);
  }
  return Ok();
}

uint32_t RandomU32() {
  uint8_t bytes[4];
  CHORUS_CHECK(FillSecureRandom(bytes).has_value());
  uint32_t v;
  memcpy(&v, bytes, sizeof(v));
  return v;
}

}  // namespace chorus::media
