#pragma once

// SIP request methods. Methods are case-sensitive tokens (RFC 3261 7.1);
// anything we do not know is kUnknown and keeps its text.

#include <cstdint>
#include <string_view>

namespace chorus::b2bua {

enum class Method : uint8_t {
  kUnknown,
  kInvite,
  kAck,
  kBye,
  kCancel,
  kOptions,
  kRegister,
  kPrack,
  kUpdate,
  kInfo,
  kSubscribe,
  kNotify,
  kRefer,
  kMessage,
  kPublish,
};

Method ParseMethod(std::string_view text);
// Canonical name; "" for kUnknown.
std::string_view MethodName(Method m);

}  // namespace chorus::b2bua
