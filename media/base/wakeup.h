#pragma once

// WakeupFd: an eventfd another thread signals to wake a loop that has new
// messages in its ring. Signal() is async-signal-safe and lock-free.
// The loop thread registers fd() for EV_READ and calls Drain() in the callback.

#include "media/base/result.h"

namespace chorus {

class WakeupFd {
 public:
  static Result<WakeupFd> Create();
  WakeupFd(WakeupFd&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
  WakeupFd& operator=(WakeupFd&& other) noexcept;
  WakeupFd(const WakeupFd&) = delete;
  WakeupFd& operator=(const WakeupFd&) = delete;
  ~WakeupFd();

  int fd() const { return fd_; }
  void Signal() const;
  void Drain() const;

 private:
  explicit WakeupFd(int fd) : fd_(fd) {}
  int fd_ = -1;
};

}  // namespace chorus
