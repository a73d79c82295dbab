#include "b2bua/sdp/sdp_text.h"

#include <charconv>

namespace chorus::b2bua {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t'; }

}  // namespace

std::string_view TrimTrailingSpace(std::string_view s) {
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  return s;
}

std::string_view TrimSpace(std::string_view s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  return TrimTrailingSpace(s);
}

size_t SplitFields(std::string_view text, std::string_view* fields, size_t n,
                   std::string_view* rest) {
  size_t found = 0;
  size_t i = 0;
  while (true) {
    while (i < text.size() && IsSpace(text[i])) ++i;
    if (i == text.size()) break;
    if (found == n) {
      if (rest != nullptr) {
        *rest = text.substr(i);
        return found;
      }
      return n + 1;
    }
    size_t start = i;
    while (i < text.size() && !IsSpace(text[i])) ++i;
    fields[found++] = text.substr(start, i - start);
  }
  if (rest != nullptr) *rest = std::string_view();
  return found;
}

bool ParseUint(std::string_view text, uint64_t* out) {
  if (text.empty()) return false;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  auto r = std::from_chars(text.data(), text.data() + text.size(), *out);
  return r.ec == std::errc() && r.ptr == text.data() + text.size();
}

std::string Quote(std::string_view text) {
  constexpr size_t kMax = 40;
  std::string out = "'";
  for (size_t i = 0; i < text.size() && i < kMax; ++i) {
    auto c = static_cast<unsigned char>(text[i]);
    out.push_back(c >= 0x20 && c < 0x7F && c != '\'' && c != '"' && c != '\\' ? static_cast<char>(c)
                                                                              : '?');
  }
  if (text.size() > kMax) out += "...";
  out += "'";
  return out;
}

}  // namespace chorus::b2bua
