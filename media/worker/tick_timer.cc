#include "media/worker/tick_timer.h"

#include <sys/timerfd.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

namespace chorus::media {
namespace {

timespec ToTimespec(int64_t ns) {
  timespec ts{};
  ts.tv_sec = static_cast<time_t>(ns / 1'000'000'000);
  ts.tv_nsec = static_cast<long>(ns % 1'000'000'000);
  return ts;
}

Error SystemError(const char* what) {
  return MakeError(ErrorCode::kIo, std::string("tick timer: ") + what + ": " + strerror(errno));
}

}  // namespace

Result<TickTimer> TickTimer::Create() {
  const int fd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
  if (fd < 0) return SystemError("timerfd_create");
  return TickTimer(ScopedFd(fd));
}

Result<void> TickTimer::Arm(int64_t first_deadline_ns, int64_t period_ns) {
  if (first_deadline_ns <= 0 || period_ns <= 0) {
    return MakeError(ErrorCode::kInvalidArgument, "tick timer: deadline and period must be > 0");
  }
  itimerspec spec{};
  spec.it_value = ToTimespec(first_deadline_ns);
  spec.it_interval = ToTimespec(period_ns);
  if (timerfd_settime(fd_.get(), TFD_TIMER_ABSTIME, &spec, nullptr) != 0) {
    return SystemError("timerfd_settime");
  }
  return Ok();
}

Result<void> TickTimer::Disarm() {
  itimerspec spec{};
  if (timerfd_settime(fd_.get(), 0, &spec, nullptr) != 0) return SystemError("timerfd_settime");
  return Ok();
}

uint64_t TickTimer::ReadExpirations() {
  uint64_t expirations = 0;
  const ssize_t n = read(fd_.get(), &expirations, sizeof(expirations));
  return n == static_cast<ssize_t>(sizeof(expirations)) ? expirations : 0;
}

}  // namespace chorus::media
