#include "media/base/wakeup.h"

#include <sys/eventfd.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <string>

namespace chorus {

Result<WakeupFd> WakeupFd::Create() {
  int fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (fd < 0) return MakeError(ErrorCode::kIo, std::string("eventfd: ") + strerror(errno));
  return WakeupFd(fd);
}

WakeupFd& WakeupFd::operator=(WakeupFd&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) close(fd_);
    fd_ = other.fd_;
    other.fd_ = -1;
  }
  return *this;
}

WakeupFd::~WakeupFd() {
  if (fd_ >= 0) close(fd_);
}

void WakeupFd::Signal() const {
  uint64_t one = 1;
  ssize_t n = write(fd_, &one, sizeof(one));
  (void)n;  // EAGAIN means the counter is already non-zero: the loop will wake
}

void WakeupFd::Drain() const {
  uint64_t value = 0;
  ssize_t n = read(fd_, &value, sizeof(value));
  (void)n;
}

}  // namespace chorus
