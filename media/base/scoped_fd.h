#pragma once

// ScopedFd: the one owner of a POSIX file descriptor (STYLE.md §5): closes
// it once, on destruction or Reset(), unless Release() handed it to another
// owner (a bufferevent or evconnlistener created with CLOSE_ON_FREE).
// Move-only; any thread.

#include <unistd.h>

#include <utility>

namespace chorus {

class ScopedFd {
 public:
  ScopedFd() = default;
  explicit ScopedFd(int fd) : fd_(fd) {}
  ScopedFd(ScopedFd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  ScopedFd& operator=(ScopedFd&& other) noexcept {
    if (this != &other) {
      Reset();
      fd_ = std::exchange(other.fd_, -1);
    }
    return *this;
  }
  ScopedFd(const ScopedFd&) = delete;
  ScopedFd& operator=(const ScopedFd&) = delete;
  ~ScopedFd() { Reset(); }

  int get() const { return fd_; }
  bool valid() const { return fd_ >= 0; }
  // Hands the descriptor to a new owner; this one forgets it.
  int Release() { return std::exchange(fd_, -1); }
  // Closes now; returns close(2)'s result (0 when there was nothing to close).
  int Reset() {
    int result = 0;
    if (fd_ >= 0) result = ::close(fd_);
    fd_ = -1;
    return result;
  }

 private:
  int fd_ = -1;
};

}  // namespace chorus
