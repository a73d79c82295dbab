#include "b2bua/sip/message/message_builder.h"

#include <openssl/rand.h>

#include "b2bua/sip/message/sip_parser.h"
#include "media/base/check.h"

namespace chorus::b2bua {

std::string_view DefaultReason(int code) {
  switch (code) {
    case 100: return "Trying";
    case 180: return "Ringing";
    case 181: return "Call Is Being Forwarded";
    case 182: return "Queued";
    case 183: return "Session Progress";
    case 200: return "OK";
    case 202: return "Accepted";
    case 300: return "Multiple Choices";
    case 301: return "Moved Permanently";
    case 302: return "Moved Temporarily";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 406: return "Not Acceptable";
    case 407: return "Proxy Authentication Required";
    case 408: return "Request Timeout";
    case 410: return "Gone";
    case 413: return "Request Entity Too Large";
    case 415: return "Unsupported Media Type";
    case 416: return "Unsupported URI Scheme";
    case 420: return "Bad Extension";
    case 421: return "Extension Required";
    case 422: return "Session Interval Too Small";
    case 423: return "Interval Too Brief";
    case 480: return "Temporarily Unavailable";
    case 481: return "Call/Transaction Does Not Exist";
    case 482: return "Loop Detected";
    case 483: return "Too Many Hops";
    case 484: return "Address Incomplete";
    case 486: return "Busy Here";
    case 487: return "Request Terminated";
    case 488: return "Not Acceptable Here";
    case 491: return "Request Pending";
    case 500: return "Server Internal Error";
    case 501: return "Not Implemented";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Server Time-out";
    case 505: return "Version Not Supported";
    case 513: return "Message Too Large";
    case 600: return "Busy Everywhere";
    case 603: return "Decline";
    case 604: return "Does Not Exist Anywhere";
    case 606: return "Not Acceptable";
    default: return "Unknown";
  }
}

SipMessageWriter& SipMessageWriter::Request(std::string_view method,
                                            std::string_view request_uri) {
  text_.reserve(1024);
  text_.append(method).append(" ").append(request_uri).append(" SIP/2.0\r\n");
  return *this;
}

SipMessageWriter& SipMessageWriter::Response(int code, std::string_view reason) {
  text_.reserve(1024);
  text_.append("SIP/2.0 ").append(std::to_string(code)).append(" ");
  text_.append(reason.empty() ? DefaultReason(code) : reason).append("\r\n");
  return *this;
}

SipMessageWriter& SipMessageWriter::Header(std::string_view name, std::string_view value) {
  text_.append(name).append(": ").append(value).append("\r\n");
  return *this;
}

std::string SipMessageWriter::Finish(std::string_view content_type, std::string_view body) {
  if (!body.empty()) Header(HeaderId::kContentType, content_type);
  Header(HeaderId::kContentLength, std::to_string(body.size()));
  text_.append("\r\n").append(body);
  return std::move(text_);
}

std::unique_ptr<SipMessage> ParseBuiltMessage(std::string_view text) {
  SipParseLimits limits;
  limits.max_message_bytes = text.size() + 1;
  limits.max_headers = 1024;
  SipParseResult r = SipParser::Parse(text, Framing::kDatagram, limits);
  return std::move(r.message);
}

std::unique_ptr<SipMessage> BuildResponse(const SipMessage& request, int code,
                                          std::string_view reason, std::string_view to_tag) {
  SipMessageWriter w;
  w.Response(code, reason);
  for (const SipHeader& h : request.headers()) {
    switch (h.id) {
      case HeaderId::kVia:
      case HeaderId::kFrom:
      case HeaderId::kCallId:
      case HeaderId::kCSeq:
        w.Header(h.id, h.value);
        break;
      case HeaderId::kTo:
        if (code > 100 && !to_tag.empty() && !request.to().has_tag) {
          std::string with_tag(h.value);
          with_tag.append(";tag=").append(to_tag);
          w.Header(h.id, with_tag);
        } else {
          w.Header(h.id, h.value);
        }
        break;
      case HeaderId::kTimestamp:
        if (code == 100) w.Header(h.id, h.value);
        break;
      default:
        break;
    }
  }
  std::string text = w.Finish();
  auto msg = ParseBuiltMessage(text);
  CHORUS_CHECK(msg != nullptr);
  return msg;
}

std::string RandomToken(size_t bytes) {
  static constexpr char kAlphabet[] =
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_";
  unsigned char raw[64];
  if (bytes > sizeof(raw)) bytes = sizeof(raw);
  CHORUS_CHECK(RAND_bytes(raw, static_cast<int>(bytes)) == 1);
  std::string out;
  out.reserve(bytes * 2);
  // Two 6-bit symbols per byte pair-wise: 12 bits of the byte and its neighbour.
  for (size_t i = 0; i < bytes; ++i) {
    out += kAlphabet[raw[i] & 63];
    out += kAlphabet[((raw[i] >> 6) | (raw[(i + 1) % bytes] << 2)) & 63];
  }
  return out;
}

std::string NewBranch() { return "z9hG4bK" + RandomToken(8); }

}  // namespace chorus::b2bua
