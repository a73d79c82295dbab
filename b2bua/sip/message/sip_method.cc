#include "b2bua/sip/message/sip_method.h"

namespace chorus::b2bua {

Method ParseMethod(std::string_view t) {
  // Dispatch on length first: one comparison for the common methods.
  switch (t.size()) {
    case 3:
      if (t == "ACK") return Method::kAck;
      if (t == "BYE") return Method::kBye;
      break;
    case 4:
      if (t == "INFO") return Method::kInfo;
      break;
    case 5:
      if (t == "PRACK") return Method::kPrack;
      if (t == "REFER") return Method::kRefer;
      break;
    case 6:
      if (t == "INVITE") return Method::kInvite;
      if (t == "CANCEL") return Method::kCancel;
      if (t == "UPDATE") return Method::kUpdate;
      if (t == "NOTIFY") return Method::kNotify;
      break;
    case 7:
      if (t == "OPTIONS") return Method::kOptions;
      if (t == "MESSAGE") return Method::kMessage;
      if (t == "PUBLISH") return Method::kPublish;
      break;
    case 8:
      if (t == "REGISTER") return Method::kRegister;
      break;
    case 9:
      if (t == "SUBSCRIBE") return Method::kSubscribe;
      break;
    default:
      break;
  }
  return Method::kUnknown;
}

std::string_view MethodName(Method m) {
  switch (m) {
    case Method::kInvite: return "INVITE";
    case Method::kAck: return "ACK";
    case Method::kBye: return "BYE";
    case Method::kCancel: return "CANCEL";
    case Method::kOptions: return "OPTIONS";
    case Method::kRegister: return "REGISTER";
    case Method::kPrack: return "PRACK";
    case Method::kUpdate: return "UPDATE";
    case Method::kInfo: return "INFO";
    case Method::kSubscribe: return "SUBSCRIBE";
    case Method::kNotify: return "NOTIFY";
    case Method::kRefer: return "REFER";
    case Method::kMessage: return "MESSAGE";
    case Method::kPublish: return "PUBLISH";
    case Method::kUnknown: return "";
  }
  return "";
}

}  // namespace chorus::b2bua
