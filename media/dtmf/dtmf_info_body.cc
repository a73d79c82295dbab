#include "media/dtmf/dtmf_info_body.h"

#include <strings.h>

#include <charconv>
#include <string>

#include "media/dtmf/dtmf_digit.h"

namespace chorus::media {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t'; }

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (IsSpace(s.front()) || s.front() == '\r' || s.front() == '\n')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (IsSpace(s.back()) || s.back() == '\r' || s.back() == '\n')) {
    s.remove_suffix(1);
  }
  return s;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && strncasecmp(a.data(), b.data(), a.size()) == 0;
}

// Printable excerpt for error messages (bodies are untrusted).
std::string Quote(std::string_view s) {
  std::string out = "'";
  for (char c : s.substr(0, 32)) out += (c >= 0x20 && c < 0x7f) ? c : '?';
  if (s.size() > 32) out += "...";
  return out + "'";
}

Result<char> ParseSignal(std::string_view value) {
  if (value.size() == 1) {
    if (auto event = DtmfCharToEvent(value[0])) return DtmfEventToChar(*event);
  }
  unsigned number = 0;
  auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), number);
  if (!value.empty() && value.size() <= 2 && ec == std::errc() &&
      ptr == value.data() + value.size() && number <= kDtmfMaxEvent) {
    return DtmfEventToChar(static_cast<uint8_t>(number));
  }
  return MakeError(ErrorCode::kParse, "dtmf-info: signal " + Quote(value) + " is not a DTMF digit");
}

}  // namespace

Result<DtmfInfo> ParseDtmfRelayBody(std::string_view body) {
  if (body.size() > kMaxDtmfInfoBodyBytes) {
    return MakeError(ErrorCode::kParse,
                     "dtmf-relay: body of " + std::to_string(body.size()) + " bytes is too long");
  }
  DtmfInfo info;
  bool have_signal = false;
  while (!body.empty()) {
    const size_t eol = body.find('\n');
    std::string_view line = Trim(body.substr(0, eol));
    body = eol == std::string_view::npos ? std::string_view() : body.substr(eol + 1);
    if (line.empty()) continue;
    const size_t eq = line.find('=');
    if (eq == std::string_view::npos) {
      return MakeError(ErrorCode::kParse, "dtmf-relay: line " + Quote(line) + " lacks '='");
    }
    const std::string_view key = Trim(line.substr(0, eq));
    const std::string_view value = Trim(line.substr(eq + 1));
    if (EqualsIgnoreCase(key, "Signal")) {
      if (have_signal) return MakeError(ErrorCode::kParse, "dtmf-relay: two Signal lines");
      auto digit = ParseSignal(value);
      if (!digit) return digit.error();
      info.digit = *digit;
      have_signal = true;
    } else if (EqualsIgnoreCase(key, "Duration")) {
      uint32_t ms = 0;
      auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), ms);
      if (value.empty() || ec != std::errc() || ptr != value.data() + value.size() ||
          ms > kMaxDtmfInfoDurationMs) {
        return MakeError(ErrorCode::kParse,
                         "dtmf-relay: Duration " + Quote(value) + " is not 0..60000 ms");
      }
      info.duration_ms = ms;
    }
  }
  if (!have_signal) return MakeError(ErrorCode::kParse, "dtmf-relay: no Signal line");
  return info;
}

Result<DtmfInfo> ParseDtmfBody(std::string_view body) {
  if (body.size() > kMaxDtmfInfoBodyBytes) {
    return MakeError(ErrorCode::kParse,
                     "dtmf: body of " + std::to_string(body.size()) + " bytes is too long");
  }
  auto digit = ParseSignal(Trim(body));
  if (!digit) return digit.error();
  return DtmfInfo{*digit, std::nullopt};
}

Result<DtmfInfo> ParseDtmfInfoBody(std::string_view content_type, std::string_view body) {
  std::string_view type = Trim(content_type.substr(0, content_type.find(';')));
  if (EqualsIgnoreCase(type, "application/dtmf-relay")) return ParseDtmfRelayBody(body);
  if (EqualsIgnoreCase(type, "application/dtmf")) return ParseDtmfBody(body);
  return MakeError(ErrorCode::kUnsupported,
                   "dtmf-info: content type " + Quote(type) + " does not carry DTMF");
}

}  // namespace chorus::media
