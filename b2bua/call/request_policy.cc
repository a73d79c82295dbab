#include "b2bua/call/request_policy.h"

#include "b2bua/sip/message/header_values.h"
#include "b2bua/sip/message/sip_chars.h"
#include "b2bua/sip/message/sip_uri.h"

namespace chorus::b2bua {
namespace {

using sipchars::EqualsNoCase;

std::string Join(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& s : items) {
    if (!out.empty()) out += ", ";
    out += s;
  }
  return out;
}

// The media type of a body part's headers block (MIME headers, RFC 2046).
std::string_view PartContentType(std::string_view headers) {
  size_t pos = 0;
  while (pos < headers.size()) {
    size_t end = headers.find('\n', pos);
    if (end == std::string_view::npos) end = headers.size();
    std::string_view line = headers.substr(pos, end - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    size_t colon = line.find(':');
    if (colon != std::string_view::npos &&
        EqualsNoCase(sipchars::TrimWs(line.substr(0, colon)), "Content-Type")) {
      return sipchars::TrimWs(line.substr(colon + 1));
    }
    pos = end + 1;
  }
  return {};
}

bool IsType(std::string_view media_type, std::string_view type, std::string_view subtype) {
  auto mt = ParseMediaType(media_type);
  return mt && EqualsNoCase(mt->type, type) && EqualsNoCase(mt->subtype, subtype);
}

}  // namespace

RequestPolicy::RequestPolicy(RequestPolicyOptions options) : options_(std::move(options)) {
  std::vector<std::string> names;
  for (Method m : options_.allowed) names.emplace_back(MethodName(m));
  allow_ = Join(names);
  supported_ = Join(options_.supported);
  accept_ = Join(options_.accepted_types);
}

bool RequestPolicy::Allows(Method m) const {
  for (Method a : options_.allowed) {
    if (a == m) return true;
  }
  return false;
}

std::string_view RequestPolicy::SdpBody(const SipMessage& message) {
  std::string_view body = message.body();
  if (body.empty()) return {};
  std::string_view ct = message.Value(HeaderId::kContentType);
  if (IsType(ct, "application", "sdp")) return body;
  auto mt = ParseMediaType(ct);
  if (!mt || !EqualsNoCase(mt->type, "multipart")) return {};
  auto boundary = FindParam(mt->params, "boundary");
  if (!boundary || boundary->empty()) return {};
  std::string_view b = *boundary;
  if (b.size() >= 2 && b.front() == '"' && b.back() == '"') b = b.substr(1, b.size() - 2);
  std::string delimiter = "--" + std::string(b);
  // RFC 2046 5.1.1: parts sit between delimiter lines.
  size_t pos = body.find(delimiter);
  while (pos != std::string_view::npos) {
    size_t part_start = body.find('\n', pos);
    if (part_start == std::string_view::npos) break;
    ++part_start;
    size_t next = body.find(delimiter, part_start);
    if (next == std::string_view::npos) break;
    std::string_view part = body.substr(part_start, next - part_start);
    size_t split = part.find("\r\n\r\n");
    size_t skip = 4;
    if (split == std::string_view::npos) {
      split = part.find("\n\n");
      skip = 2;
    }
    if (split != std::string_view::npos &&
        IsType(PartContentType(part.substr(0, split)), "application", "sdp")) {
      std::string_view sdp = part.substr(split + skip);
      // The CRLF before the next delimiter belongs to the delimiter.
      if (sdp.size() >= 2 && sdp.substr(sdp.size() - 2) == "\r\n") sdp.remove_suffix(2);
      return sdp;
    }
    pos = next;
  }
  return {};
}

std::optional<Rejection> RequestPolicy::Check(const SipMessage& request) const {
  Method m = request.method();
  // 8.2.1: method.
  if (m == Method::kUnknown) {
    return Rejection{501, "Not Implemented", {{"Allow", allow_}}};
  }
  if (!Allows(m)) {
    return Rejection{405, "Method Not Allowed", {{"Allow", allow_}}};
  }
  // 8.2.2.1: Request-URI scheme.
  auto uri = ParseUri(request.request_uri(), false);
  if (!uri || !uri->is_sip()) {
    return Rejection{416, "Unsupported URI Scheme", {}};
  }
  if (m == Method::kAck || m == Method::kCancel) return std::nullopt;
  // 8.2.2.3: Require (Proxy-Require is for proxies; a UAS ignores it).
  std::vector<std::string> unsupported;
  for (const SipHeader& h : request.headers()) {
    if (h.id != HeaderId::kRequire) continue;
    ForEachToken(h.value, [&](std::string_view tag) {
      bool known = false;
      for (const std::string& s : options_.supported) known = known || EqualsNoCase(s, tag);
      if (!known) unsupported.emplace_back(tag);
    });
  }
  if (!unsupported.empty()) {
    return Rejection{420, "Bad Extension", {{"Unsupported", Join(unsupported)}}};
  }
  // 8.2.3: content processing.
  if (!request.body().empty()) {
    std::string_view enc = sipchars::TrimWs(request.Value(HeaderId::kContentEncoding));
    if (!enc.empty() && !EqualsNoCase(enc, "identity")) {
      return Rejection{415, "Unsupported Media Type", {{"Accept-Encoding", "identity"}}};
    }
    std::string_view ct = request.Value(HeaderId::kContentType);
    bool understood = false;
    for (const std::string& t : options_.accepted_types) {
      size_t slash = t.find('/');
      understood = understood ||
                   IsType(ct, std::string_view(t).substr(0, slash), std::string_view(t).substr(slash + 1));
    }
    if (!understood && !SdpBody(request).empty()) understood = true;  // multipart with SDP
    if (!understood && (m == Method::kInvite || m == Method::kUpdate || m == Method::kPrack ||
                        m == Method::kAck)) {
      return Rejection{415, "Unsupported Media Type", {{"Accept", accept_}}};
    }
  }
  // Our answer to an INVITE carries SDP: the caller must accept it.
  if (m == Method::kInvite) {
    const SipHeader* accept = request.Find(HeaderId::kAccept);
    if (accept != nullptr && !sipchars::TrimWs(accept->value).empty()) {
      bool ok = false;
      for (const SipHeader& h : request.headers()) {
        if (h.id != HeaderId::kAccept) continue;
        ForEachListElement(h.value, [&](std::string_view range) {
          auto mt = ParseMediaType(range);
          if (!mt) return true;
          bool type_ok = mt->type == "*" || EqualsNoCase(mt->type, "application");
          bool sub_ok = mt->subtype == "*" || EqualsNoCase(mt->subtype, "sdp");
          ok = ok || (type_ok && sub_ok);
          return true;
        });
      }
      if (!ok) return Rejection{406, "Not Acceptable", {{"Accept", accept_}}};
    }
  }
  return std::nullopt;
}

}  // namespace chorus::b2bua
