#pragma once

// Test doubles for the transaction layer: a transport that records what is
// sent (and can be told to fail), a TU that records what it is told, and
// message factories.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "b2bua/sip/message/message_builder.h"
#include "b2bua/sip/message/sip_parser.h"
#include "b2bua/sip/transaction/transaction_layer.h"
#include "b2bua/sip/transport/sip_transport.h"

namespace chorus::b2bua::testing {

class FakeTransport : public SipTransport {
 public:
  struct Sent {
    bool response;
    std::string bytes;
  };
  Result<void> SendRequest(const SipPeer&, std::string_view bytes) override {
    if (fail) return MakeError(ErrorCode::kIo, "fake failure");
    sent.push_back({false, std::string(bytes)});
    return Ok();
  }
  Result<void> SendResponse(const SipPeer&, const SipMessage& response) override {
    if (fail) return MakeError(ErrorCode::kIo, "fake failure");
    sent.push_back({true, response.Serialize()});
    return Ok();
  }
  SocketAddress AdvertisedAddress(Transport, int) const override {
    return *SocketAddress::Parse("127.0.0.1:5060");
  }
  // Start lines of everything sent ("INVITE", "ACK", "SIP/2.0 486 ...").
  std::vector<std::string> Lines() const {
    std::vector<std::string> out;
    for (const Sent& s : sent) out.push_back(s.bytes.substr(0, s.bytes.find("\r\n")));
    return out;
  }
  size_t Count(std::string_view start) const {
    size_t n = 0;
    for (const Sent& s : sent) n += s.bytes.rfind(start, 0) == 0 ? 1 : 0;
    return n;
  }
  std::vector<Sent> sent;
  bool fail = false;
};

class RecordingTu : public TransactionUser {
 public:
  void OnRequest(TransactionId txn, const SipMessage& request, const SipPeer&) override {
    requests.push_back(txn);
    methods.emplace_back(request.method_name());
  }
  void OnAck(const SipMessage&, const SipPeer&) override { ++acks; }
  void OnCancel(TransactionId invite_txn, const SipMessage&) override {
    cancelled.push_back(invite_txn);
  }
  void OnStrayResponse(const SipMessage&, const SipPeer&) override { ++strays; }
  std::vector<TransactionId> requests;
  std::vector<std::string> methods;
  std::vector<TransactionId> cancelled;
  int acks = 0;
  int strays = 0;
};

inline std::unique_ptr<SipMessage> Parse(const std::string& text) {
  auto r = SipParser::Parse(text, Framing::kDatagram, SipParseLimits{});
  if (!r.ok()) ADD_FAILURE() << r.reason << "\n" << text;
  return std::move(r.message);
}

inline std::string Request(std::string_view method, std::string_view branch, int cseq = 1,
                           std::string_view cseq_method = {}, std::string_view to_tag = {}) {
  std::string to = "<sip:bob@b.example>";
  if (!to_tag.empty()) to += ";tag=" + std::string(to_tag);
  std::string via = "SIP/2.0/UDP 192.0.2.1:5060";
  if (!branch.empty()) via += ";branch=" + std::string(branch);
  SipMessageWriter w;
  w.Request(method, "sip:bob@b.example")
      .Header("Via", via)
      .Header("Max-Forwards", "70")
      .Header("From", "<sip:alice@a.example>;tag=a1")
      .Header("To", to)
      .Header("Call-ID", "call-1@a.example")
      .Header("CSeq", std::to_string(cseq) + " " +
                          std::string(cseq_method.empty() ? method : cseq_method));
  return w.Finish();
}

inline std::string Response(int code, std::string_view branch, std::string_view method,
                            int cseq = 1, std::string_view to_tag = "b1") {
  SipMessageWriter w;
  w.Response(code)
      .Header("Via", "SIP/2.0/UDP 192.0.2.1:5060;branch=" + std::string(branch))
      .Header("From", "<sip:alice@a.example>;tag=a1")
      .Header("To", "<sip:bob@b.example>;tag=" + std::string(to_tag))
      .Header("Call-ID", "call-1@a.example")
      .Header("CSeq", std::to_string(cseq) + " " + std::string(method));
  return w.Finish();
}

inline SipPeer UdpPeer() {
  SipPeer p;
  p.transport = Transport::kUdp;
  p.remote = *SocketAddress::Parse("192.0.2.1:5060");
  p.local = *SocketAddress::Parse("127.0.0.1:5060");
  return p;
}

inline SipPeer TcpPeer() {
  SipPeer p = UdpPeer();
  p.transport = Transport::kTcp;
  p.connection_id = 7;
  return p;
}

}  // namespace chorus::b2bua::testing
