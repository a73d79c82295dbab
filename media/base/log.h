#pragma once

// Structured, levelled logging: one line per record, `key=value` pairs.
//   CHORUS_LOG(kWarn, "sip.parse_error").Kv("peer", peer).Kv("reason", why);
// prints
//   ts=2026-11-24T10:00:00.123Z level=warn event=sip.parse_error peer=... reason="..."
// Thread-safe: a record is formatted into a fixed buffer and written with one
// write(2). Not for the audio path above debug level (STYLE.md §2).

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <type_traits>

#include "media/base/result.h"

namespace chorus::log {

enum class Level : int { kTrace = 0, kDebug, kInfo, kWarn, kError, kOff };

namespace internal {
extern std::atomic<int> g_level;
}  // namespace internal

inline bool Enabled(Level level) {
  return static_cast<int>(level) >= internal::g_level.load(std::memory_order_relaxed);
}
void SetLevel(Level level);
Level GetLevel();
Result<Level> ParseLevel(std::string_view name);
const char* LevelName(Level level);

// Replaces stderr as the destination (tests). Pass nullptr to restore.
void SetSinkForTest(std::function<void(std::string_view line)> sink);

class Record {
 public:
  Record(Level level, std::string_view event);
  ~Record();
  Record(const Record&) = delete;
  Record& operator=(const Record&) = delete;

  Record& Kv(std::string_view key, std::string_view value);
  Record& Kv(std::string_view key, const char* value) { return Kv(key, std::string_view(value)); }
  Record& Kv(std::string_view key, const std::string& value) {
    return Kv(key, std::string_view(value));
  }
  Record& Kv(std::string_view key, bool value) { return Raw(key, value ? "true" : "false"); }
  Record& Kv(std::string_view key, double value);
  template <typename T, typename = std::enable_if_t<std::is_integral_v<T> && !std::is_same_v<T, bool>>>
  Record& Kv(std::string_view key, T value) {
    if constexpr (std::is_signed_v<T>) return Int(key, static_cast<int64_t>(value));
    return Uint(key, static_cast<uint64_t>(value));
  }

 private:
  Record& Raw(std::string_view key, std::string_view value);
  Record& Int(std::string_view key, int64_t value);
  Record& Uint(std::string_view key, uint64_t value);
  void Append(std::string_view text);

  static constexpr size_t kMaxLine = 2048;
  char buf_[kMaxLine];
  size_t len_ = 0;
  bool truncated_ = false;
};

// Allows at most `per_second` records per second; counts the rest so the next
// allowed record can report how many were suppressed. Single-threaded.
class RateLimiter {
 public:
  explicit RateLimiter(int per_second) : per_second_(per_second) {}
  bool Allow(int64_t now_ms);
  uint64_t TakeSuppressed() {
    uint64_t n = suppressed_;
    suppressed_ = 0;
    return n;
  }

 private:
  int per_second_;
  bool started_ = false;
  int64_t window_start_ms_ = 0;
  int in_window_ = 0;
  uint64_t suppressed_ = 0;
};

}  // namespace chorus::log

#define CHORUS_LOG(level, event)                                       \
  if (!::chorus::log::Enabled(::chorus::log::Level::level)) {          \
  } else                                                               \
    ::chorus::log::Record(::chorus::log::Level::level, event)
