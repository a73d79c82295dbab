#include "b2bua/sip/transaction/transaction_key.h"

#include "b2bua/sip/message/sip_chars.h"
#include "b2bua/sip/message/sip_message.h"

namespace chorus::b2bua {
namespace {

void AppendMethod(std::string& key, Method method, std::string_view text) {
  key += '|';
  if (method != Method::kUnknown) {
    key += MethodName(method);
  } else {
    key += text;
  }
}

void AppendLower(std::string& key, std::string_view text) {
  for (char c : text) key += sipchars::ToLower(c);
}

}  // namespace

bool HasMagicCookie(const SipMessage& message) {
  std::string_view b = message.top_via().branch;
  return b.size() > 7 && b.substr(0, 7) == "z9hG4bK";
}

std::string ClientTransactionKey(const SipMessage& message) {
  std::string key;
  key.reserve(64);
  key += message.top_via().branch;
  Method m = message.cseq_method();
  // The ACK of a non-2xx belongs to the INVITE transaction.
  if (m == Method::kAck) m = Method::kInvite;
  AppendMethod(key, m, message.cseq().method);
  return key;
}

std::string ServerTransactionKey(const SipMessage& request, Method method) {
  std::string key;
  key.reserve(96);
  const ViaHop& via = request.top_via();
  if (HasMagicCookie(request)) {
    key += via.branch;
    key += '|';
    AppendLower(key, via.sent_by);
  } else {
    // RFC 3261 17.2.3, RFC 2543 compatibility. The To tag is left out so
    // the ACK (which carries our tag) finds the INVITE.
    key += "2543|";
    key += request.request_uri();
    key += '|';
    key += request.from().tag;
    key += '|';
    key += request.call_id();
    key += '|';
    key += std::to_string(request.cseq().number);
    key += '|';
    AppendLower(key, via.sent_by);
    key += '|';
    key += via.branch;
  }
  AppendMethod(key, method, method == Method::kUnknown ? request.method_name() : "");
  return key;
}

}  // namespace chorus::b2bua
