#pragma once

// Result<T>: a value or an Error, shaped like std::expected (which our C++20
// toolchain lacks). Expected failures are returned, never thrown.

#include <string>
#include <type_traits>
#include <utility>
#include <variant>

#include "media/base/check.h"

namespace chorus {

enum class ErrorCode {
  kInvalidArgument,  // caller passed something malformed (config, API, wire)
  kParse,            // bytes that do not follow the grammar
  kNotFound,
  kAlreadyExists,
  kUnsupported,
  kExhausted,        // out of ports, slots, capacity
  kUnavailable,      // transient: try later
  kIo,               // a system call failed
  kInternal,
};

const char* ErrorCodeName(ErrorCode code);

struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;
};

inline Error MakeError(ErrorCode code, std::string message) { return Error{code, std::move(message)}; }

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(const T& value) : v_(std::in_place_index<0>, value) {}          // NOLINT implicit
  Result(T&& value) : v_(std::in_place_index<0>, std::move(value)) {}   // NOLINT implicit
  Result(Error error) : v_(std::in_place_index<1>, std::move(error)) {}  // NOLINT implicit
  template <typename U, typename = std::enable_if_t<std::is_convertible_v<U&&, T> &&
                                                    !std::is_same_v<std::decay_t<U>, Error> &&
                                                    !std::is_same_v<std::decay_t<U>, T>>>
  Result(U&& value) : v_(std::in_place_index<0>, T(std::forward<U>(value))) {}  // NOLINT

  bool has_value() const { return v_.index() == 0; }
  explicit operator bool() const { return has_value(); }

  T& value() & {
    CHORUS_CHECK(has_value());
    return std::get<0>(v_);
  }
  const T& value() const& {
    CHORUS_CHECK(has_value());
    return std::get<0>(v_);
  }
  T&& value() && {
    CHORUS_CHECK(has_value());
    return std::get<0>(std::move(v_));
  }
  const Error& error() const {
    CHORUS_CHECK(!has_value());
    return std::get<1>(v_);
  }
  T value_or(T fallback) const { return has_value() ? std::get<0>(v_) : std::move(fallback); }

  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

 private:
  std::variant<T, Error> v_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : error_(std::move(error)), ok_(false) {}  // NOLINT implicit

  bool has_value() const { return ok_; }
  explicit operator bool() const { return ok_; }
  const Error& error() const {
    CHORUS_CHECK(!ok_);
    return error_;
  }

 private:
  Error error_;
  bool ok_ = true;
};

inline Result<void> Ok() { return Result<void>(); }

}  // namespace chorus
