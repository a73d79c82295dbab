#pragma once

// Character classes of the RFC 3261 section 25 grammar, as constexpr lookup
// tables, plus the whitespace rules the header parsers share. Values of
// parsed headers are views into the original bytes and are never unfolded,
// so inside a header value a CR or LF can only be part of a line fold
// (CRLF followed by whitespace, guaranteed by the framer): treating
// SP / HTAB / CR / LF alike as linear whitespace is exact.

#include <array>
#include <cstdint>
#include <string_view>

namespace chorus::b2bua::sipchars {

enum : uint16_t {
  kAlnum = 1 << 0,
  kToken = 1 << 1,      // token chars: alphanum - . ! % * _ + ` ' ~
  kWord = 1 << 2,       // Call-ID word chars
  kUnreserved = 1 << 3, // alphanum / mark
  kUserExtra = 1 << 4,  // user-unreserved: & = + $ , ; ? /
  kPassExtra = 1 << 5,  // password extras: & = + $ ,
  kParamExtra = 1 << 6, // param-unreserved: [ ] / : & + $
  kHnvExtra = 1 << 7,   // hnv-unreserved: [ ] / ? : + $
  kHex = 1 << 8,
  kWsp = 1 << 9,        // SP, HTAB, and CR/LF inside a folded value
  kDigit = 1 << 10,
  kHost = 1 << 11,      // hostname / IPv4: alphanum - .
};

constexpr std::array<uint16_t, 256> MakeTable() {
  std::array<uint16_t, 256> t{};
  for (int c = 0; c < 256; ++c) {
    uint16_t v = 0;
    bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    bool digit = c >= '0' && c <= '9';
    if (alpha || digit) v |= kAlnum | kToken | kWord | kUnreserved | kHost;
    if (digit) v |= kDigit | kHex;
    if ((c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')) v |= kHex;
    if (c == '-' || c == '.') v |= kHost;
    for (char x : std::string_view("-.!%*_+`'~")) {
      if (c == x) v |= kToken | kWord;
    }
    for (char x : std::string_view("()<>:\\\"/[]?{}")) {
      if (c == x) v |= kWord;
    }
    for (char x : std::string_view("-_.!~*'()")) {
      if (c == x) v |= kUnreserved;
    }
    for (char x : std::string_view("&=+$,;?/")) {
      if (c == x) v |= kUserExtra;
    }
    for (char x : std::string_view("&=+$,")) {
      if (c == x) v |= kPassExtra;
    }
    for (char x : std::string_view("[]/:&+$")) {
      if (c == x) v |= kParamExtra;
    }
    for (char x : std::string_view("[]/?:+$")) {
      if (c == x) v |= kHnvExtra;
    }
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') v |= kWsp;
    t[c] = v;
  }
  return t;
}

inline constexpr std::array<uint16_t, 256> kTable = MakeTable();

inline bool Is(char c, uint16_t cls) { return (kTable[static_cast<unsigned char>(c)] & cls) != 0; }
inline bool IsToken(char c) { return Is(c, kToken); }
inline bool IsWsp(char c) { return Is(c, kWsp); }
inline bool IsDigit(char c) { return c >= '0' && c <= '9'; }

inline bool IsTokenString(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!IsToken(c)) return false;
  }
  return true;
}

inline char ToLower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

inline bool EqualsNoCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (ToLower(a[i]) != ToLower(b[i])) return false;
  }
  return true;
}

inline std::string_view TrimWs(std::string_view s) {
  size_t b = 0;
  size_t e = s.size();
  while (b < e && IsWsp(s[b])) ++b;
  while (e > b && IsWsp(s[e - 1])) --e;
  return s.substr(b, e - b);
}

inline int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// A cursor over a header value with the SWS/LWS helpers of RFC 3261 25.1.
class Cursor {
 public:
  explicit Cursor(std::string_view s) : s_(s) {}
  bool done() const { return pos_ >= s_.size(); }
  char peek() const { return pos_ < s_.size() ? s_[pos_] : '\0'; }
  size_t pos() const { return pos_; }
  void set_pos(size_t p) { pos_ = p; }
  std::string_view rest() const { return s_.substr(pos_ < s_.size() ? pos_ : s_.size()); }
  std::string_view text() const { return s_; }
  void Advance(size_t n = 1) { pos_ += n; }

  // Skips linear whitespace; returns whether any was skipped.
  bool SkipWs() {
    size_t start = pos_;
    while (pos_ < s_.size() && IsWsp(s_[pos_])) ++pos_;
    return pos_ != start;
  }
  // SWS c SWS (SEMI, COLON, EQUAL, SLASH, COMMA).
  bool Separator(char c) {
    size_t save = pos_;
    SkipWs();
    if (peek() == c) {
      ++pos_;
      SkipWs();
      return true;
    }
    pos_ = save;
    return false;
  }
  bool Consume(char c) {
    if (peek() != c) return false;
    ++pos_;
    return true;
  }
  // Longest run of chars in `cls` (may be empty).
  std::string_view Span(uint16_t cls) {
    size_t start = pos_;
    while (pos_ < s_.size() && Is(s_[pos_], cls)) ++pos_;
    return s_.substr(start, pos_ - start);
  }
  std::string_view Token() { return Span(kToken); }

  // quoted-string = SWS DQUOTE *(qdtext / quoted-pair) DQUOTE. Returns the
  // text including the quotes, or an empty view (and position unchanged)
  // when the quote is unbalanced or the escape is invalid.
  std::string_view QuotedString() {
    size_t start = pos_;
    if (peek() != '"') return {};
    ++pos_;
    while (pos_ < s_.size()) {
      char c = s_[pos_];
      if (c == '"') {
        ++pos_;
        return s_.substr(start, pos_ - start);
      }
      if (c == '\\') {
        // quoted-pair = "\" (%x00-09 / %x0B-0C / %x0E-7F)
        if (pos_ + 1 >= s_.size()) break;
        unsigned char n = static_cast<unsigned char>(s_[pos_ + 1]);
        if (n == 0x0a || n == 0x0d || n > 0x7f) break;
        pos_ += 2;
        continue;
      }
      ++pos_;
    }
    pos_ = start;
    return {};
  }

 private:
  std::string_view s_;
  size_t pos_ = 0;
};

}  // namespace chorus::b2bua::sipchars
