#include "media/base/log.h"

#include <unistd.h>

#include <charconv>
#include <cstdio>
#include <ctime>
#include <mutex>

namespace chorus::log {
namespace internal {
std::atomic<int> g_level{static_cast<int>(Level::kInfo)};
}  // namespace internal

namespace {

std::mutex g_sink_mu;
std::function<void(std::string_view)>* g_sink = nullptr;  // guarded by g_sink_mu

bool NeedsQuotes(std::string_view v) {
  if (v.empty()) return true;
  for (unsigned char c : v) {
    if (c <= ' ' || c == '"' || c == '=' || c == '\\' || c >= 0x7f) return true;
  }
  return false;
}

}  // namespace

void SetLevel(Level level) { internal::g_level.store(static_cast<int>(level)); }
Level GetLevel() { return static_cast<Level>(internal::g_level.load()); }

const char* LevelName(Level level) {
  switch (level) {
    case Level::kTrace: return "trace";
    case Level::kDebug: return "debug";
    case Level::kInfo: return "info";
    case Level::kWarn: return "warn";
    case Level::kError: return "error";
    case Level::kOff: return "off";
  }
  return "?";
}

Result<Level> ParseLevel(std::string_view name) {
  for (Level l : {Level::kTrace, Level::kDebug, Level::kInfo, Level::kWarn, Level::kError,
                  Level::kOff}) {
    if (name == LevelName(l)) return l;
  }
  if (name == "warning") return Level::kWarn;
  return MakeError(ErrorCode::kInvalidArgument,
                   "unknown log level '" + std::string(name) +
                       "' (expected trace, debug, info, warn, error or off)");
}

void SetSinkForTest(std::function<void(std::string_view)> sink) {
  std::lock_guard<std::mutex> lock(g_sink_mu);
  delete g_sink;
  g_sink = sink ? new std::function<void(std::string_view)>(std::move(sink)) : nullptr;
}

Record::Record(Level level, std::string_view event) {
  timespec ts{};
  clock_gettime(CLOCK_REALTIME, &ts);
  tm utc{};
  gmtime_r(&ts.tv_sec, &utc);
  char head[64];
  int n = snprintf(head, sizeof(head), "ts=%04d-%02d-%02dT%02d:%02d:%02d.%03ldZ level=",
                   utc.tm_year + 1900, utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min,
                   utc.tm_sec, ts.tv_nsec / 1000000);
  Append(std::string_view(head, n > 0 ? static_cast<size_t>(n) : 0));
  Append(LevelName(level));
  Append(" event=");
  Append(event);
}

void Record::Append(std::string_view text) {
  size_t room = kMaxLine - 1 - len_;  // keep one byte for the newline
  if (text.size() > room) {
    truncated_ = true;
    text = text.substr(0, room);
  }
  for (char c : text) buf_[len_++] = c;
}

Record& Record::Raw(std::string_view key, std::string_view value) {
  Append(" ");
  Append(key);
  Append("=");
  Append(value);
  return *this;
}

Record& Record::Kv(std::string_view key, std::string_view value) {
  if (!NeedsQuotes(value)) return Raw(key, value);
  Append(" ");
  Append(key);
  Append("=\"");
  static constexpr char kHex[] = "0123456789abcdef";
  for (unsigned char c : value) {
    if (c == '"' || c == '\\') {
      char esc[2] = {'\\', static_cast<char>(c)};
      Append(std::string_view(esc, 2));
    } else if (c < 0x20 || c == 0x7f) {
      char esc[4] = {'\\', 'x', kHex[c >> 4], kHex[c & 15]};
      Append(std::string_view(esc, 4));
    } else {
      char ch = static_cast<char>(c);
      Append(std::string_view(&ch, 1));
    }
  }
  Append("\"");
  return *this;
}

Record& Record::Int(std::string_view key, int64_t value) {
  char num[24];
  auto r = std::to_chars(num, num + sizeof(num), value);
  return Raw(key, std::string_view(num, r.ptr - num));
}

Record& Record::Uint(std::string_view key, uint64_t value) {
  char num[24];
  auto r = std::to_chars(num, num + sizeof(num), value);
  return Raw(key, std::string_view(num, r.ptr - num));
}

Record& Record::Kv(std::string_view key, double value) {
  char num[32];
  int n = snprintf(num, sizeof(num), "%.6g", value);
  return Raw(key, std::string_view(num, n > 0 ? static_cast<size_t>(n) : 0));
}

Record::~Record() {
  if (truncated_) {
    static constexpr std::string_view kMark = " truncated=true";
    len_ = std::min(len_, kMaxLine - 1 - kMark.size());
    for (char c : kMark) buf_[len_++] = c;
  }
  buf_[len_++] = '\n';
  {
    std::lock_guard<std::mutex> lock(g_sink_mu);
    if (g_sink != nullptr) {
      (*g_sink)(std::string_view(buf_, len_ - 1));
      return;
    }
  }
  // One write per record keeps lines whole between threads.
  ssize_t ignored = write(STDERR_FILENO, buf_, len_);
  (void)ignored;
}

bool RateLimiter::Allow(int64_t now_ms) {
  if (!started_ || now_ms - window_start_ms_ >= 1000 || now_ms < window_start_ms_) {
    started_ = true;
    window_start_ms_ = now_ms;
    in_window_ = 0;
  }
  if (in_window_ < per_second_) {
    ++in_window_;
    return true;
  }
  ++suppressed_;
  return false;
}

}  // namespace chorus::log
