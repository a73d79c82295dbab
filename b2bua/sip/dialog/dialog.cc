#include "b2bua/sip/dialog/dialog.h"

#include <openssl/rand.h>

#include "b2bua/sip/message/header_values.h"
#include "b2bua/sip/message/message_builder.h"
#include "b2bua/sip/message/sip_uri.h"

namespace chorus::b2bua {
namespace {

// URIs of every Record-Route element, in message order.
std::vector<std::string> RecordRoutes(const SipMessage& m) {
  std::vector<std::string> out;
  for (const SipHeader& h : m.headers()) {
    if (h.id != HeaderId::kRecordRoute) continue;
    ForEachListElement(h.value, [&](std::string_view e) {
      out.emplace_back(e);
      return true;
    });
  }
  return out;
}

// The URI inside the first Contact, or "".
std::string ContactUri(const SipMessage& m) {
  std::string uri;
  ForEachListElement(m.Value(HeaderId::kContact), [&](std::string_view e) {
    auto na = ParseNameAddr(e);
    if (na) uri = std::string(na->uri);
    return false;
  });
  return uri;
}

uint32_t InitialCSeq() {
  // RFC 3261 8.1.1.5: any value below 2^31; random keeps them apart.
  uint32_t v = 0;
  RAND_bytes(reinterpret_cast<unsigned char*>(&v), sizeof(v));
  return (v & 0x3fffffffu) + 1;
}

std::string UriOf(std::string_view name_addr) {
  auto na = ParseNameAddr(name_addr);
  return na ? std::string(na->uri) : std::string(name_addr);
}

}  // namespace

DialogId DialogIdOfRequest(const SipMessage& request) {
  return DialogId{std::string(request.call_id()), std::string(request.to().tag),
                  std::string(request.from().tag)};
}

DialogId DialogIdOfResponse(const SipMessage& response) {
  return DialogId{std::string(response.call_id()), std::string(response.from().tag),
                  std::string(response.to().tag)};
}

Result<Dialog> Dialog::CreateUas(const SipMessage& request, std::string local_tag,
                                 std::string local_contact, const SipPeer& from) {
  if (local_tag.empty()) return MakeError(ErrorCode::kInvalidArgument, "dialog needs a local tag");
  Dialog d;
  d.role_ = Role::kUas;
  d.id_ = DialogId{std::string(request.call_id()), std::move(local_tag),
                   std::string(request.from().tag)};
  d.route_set_ = RecordRoutes(request);  // 12.1.1: in order
  d.remote_target_ = ContactUri(request);
  if (d.remote_target_.empty()) {
    return MakeError(ErrorCode::kInvalidArgument, "dialog-creating request without a Contact");
  }
  d.remote_seq_ = request.cseq().number;
  d.remote_seq_set_ = true;
  d.local_seq_ = InitialCSeq();
  std::string to(request.Value(HeaderId::kTo));
  if (!request.to().has_tag) to += ";tag=" + d.id_.local_tag;
  d.local_header_ = std::move(to);
  d.remote_header_ = std::string(request.Value(HeaderId::kFrom));
  d.local_contact_ = std::move(local_contact);
  d.peer_ = from;
  return d;
}

Result<Dialog> Dialog::CreateUac(const SipMessage& request, const SipMessage& response,
                                 std::string local_contact, const SipPeer& to) {
  if (!response.to().has_tag) {
    return MakeError(ErrorCode::kInvalidArgument, "response without a To tag makes no dialog");
  }
  Dialog d;
  d.role_ = Role::kUac;
  d.id_ = DialogIdOfResponse(response);
  auto rr = RecordRoutes(response);
  d.route_set_.assign(rr.rbegin(), rr.rend());  // 12.1.2: reversed
  d.remote_target_ = ContactUri(response);
  if (d.remote_target_.empty()) d.remote_target_ = std::string(request.request_uri());
  d.local_seq_ = request.cseq().number;
  d.local_header_ = std::string(request.Value(HeaderId::kFrom));
  d.remote_header_ = std::string(response.Value(HeaderId::kTo));
  d.local_contact_ = std::move(local_contact);
  d.peer_ = to;
  d.state_ = response.status_code() < 200 ? State::kEarly : State::kConfirmed;
  return d;
}

bool Dialog::AcceptRemoteCSeq(const SipMessage& request) {
  Method m = request.method();
  if (m == Method::kAck || m == Method::kCancel) return true;
  uint32_t cseq = request.cseq().number;
  if (remote_seq_set_ && cseq <= remote_seq_) {
    // Equal is a retransmission the transaction layer absorbs; anything
    // reaching us at or below the last value is out of order.
    return false;
  }
  remote_seq_ = cseq;
  remote_seq_set_ = true;
  return true;
}

void Dialog::RefreshTarget(const SipMessage& message) {
  std::string uri = ContactUri(message);
  if (!uri.empty()) remote_target_ = std::move(uri);
}

std::unique_ptr<SipMessage> Dialog::Build(std::string_view method, uint32_t cseq,
                                          std::string_view via, std::string_view content_type,
                                          std::string_view body,
                                          std::string_view extra_headers) const {
  // 12.2.1.1: loose routing when the first route has lr; strict routing
  // (the first route becomes the Request-URI) otherwise.
  std::string request_uri = remote_target_;
  std::vector<std::string> routes = route_set_;
  if (!routes.empty()) {
    std::string first_uri = UriOf(routes.front());  // ParseUri returns views into it
    auto first = ParseUri(first_uri);
    if (first && !first->HasParam("lr")) {
      request_uri = first_uri;
      routes.erase(routes.begin());
      routes.push_back("<" + remote_target_ + ">");
    }
  }
  SipMessageWriter w;
  w.Request(method, request_uri);
  w.Header(HeaderId::kVia, via);
  w.Header(HeaderId::kMaxForwards, "70");
  w.Header(HeaderId::kFrom, local_header_);
  w.Header(HeaderId::kTo, remote_header_);
  w.Header(HeaderId::kCallId, id_.call_id);
  w.Header(HeaderId::kCSeq, std::to_string(cseq) + " " + std::string(method));
  for (const std::string& r : routes) w.Header(HeaderId::kRoute, r);
  if (!local_contact_.empty() && method != "ACK" && method != "BYE") {
    w.Header(HeaderId::kContact, "<" + local_contact_ + ">");
  }
  std::string text = w.Finish(content_type, body);
  if (!extra_headers.empty()) {
    // Inserted before the blank line.
    size_t end = text.find("\r\n\r\n");
    text.insert(end + 2, extra_headers);
  }
  return ParseBuiltMessage(text);
}

std::unique_ptr<SipMessage> Dialog::BuildRequest(std::string_view method, std::string_view via,
                                                 std::string_view content_type,
                                                 std::string_view body,
                                                 std::string_view extra_headers) {
  ++local_seq_;
  return Build(method, local_seq_, via, content_type, body, extra_headers);
}

std::unique_ptr<SipMessage> Dialog::BuildAck(uint32_t invite_cseq, std::string_view via,
                                             std::string_view content_type,
                                             std::string_view body) const {
  return Build("ACK", invite_cseq, via, content_type, body, {});
}

SipPeer Dialog::NextHop() const {
  // A UAS leg without a proxy in the path answers where the caller really
  // is (the source of its INVITE), not its Contact: callers behind NAT put
  // private addresses there. Symmetric signalling, as rport does for
  // responses (RFC 3581).
  if (role_ == Role::kUas && route_set_.empty()) return peer_;
  std::string target = route_set_.empty() ? remote_target_ : UriOf(route_set_.front());
  SipPeer hop = peer_;
  auto uri = ParseUri(target);
  if (!uri || !uri->is_sip()) return hop;
  Transport t = peer_.transport;
  if (auto tp = uri->Param("transport")) {
    Transport parsed;
    if (ParseTransport(*tp, &parsed)) t = parsed;
  }
  auto addr = SocketAddress::FromIp(uri->host, uri->PortOrDefault());
  if (!addr) return hop;  // a host name: keep the address the dialog came from
  if (*addr != peer_.remote || t != peer_.transport) {
    hop.remote = *addr;
    hop.transport = t;
    hop.connection_id = 0;
  }
  return hop;
}

}  // namespace chorus::b2bua
