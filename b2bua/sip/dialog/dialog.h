#pragma once

// Dialog: the RFC 3261 12 state shared by the requests of one call leg:
// Call-ID and tags, local and remote CSeq, local/remote URIs, the remote
// target and the route set. Builds in-dialog requests (12.2.1.1, ACK for
// 2xx per 13.2.2.4), checks the CSeq of requests received in it (12.2.2)
// and refreshes the target. Plain object owned by its call leg;
// signalling thread only.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "b2bua/sip/message/sip_message.h"
#include "b2bua/sip/transport/sip_peer.h"
#include "media/base/result.h"

namespace chorus::b2bua {

struct DialogId {
  std::string call_id;
  std::string local_tag;
  std::string remote_tag;
  bool operator==(const DialogId& o) const {
    return call_id == o.call_id && local_tag == o.local_tag && remote_tag == o.remote_tag;
  }
  std::string ToString() const { return call_id + ";" + local_tag + ";" + remote_tag; }
};

struct DialogIdHash {
  size_t operator()(const DialogId& id) const {
    std::hash<std::string> h;
    return h(id.call_id) ^ (h(id.local_tag) * 31) ^ (h(id.remote_tag) * 131);
  }
};

// The dialog an incoming request belongs to (we are the request's target:
// our tag is in To, theirs in From).
DialogId DialogIdOfRequest(const SipMessage& request);
// The dialog an incoming response belongs to (we sent the request: our tag
// is in From, theirs in To).
DialogId DialogIdOfResponse(const SipMessage& response);

class Dialog {
 public:
  enum class Role { kUac, kUas };
  enum class State { kEarly, kConfirmed, kTerminated };

  // UAS side (12.1.1): from the dialog-creating request we received and the
  // tag and Contact URI we answer with. `from` is where the request came
  // from (used when the remote target cannot be reached numerically).
  static Result<Dialog> CreateUas(const SipMessage& request, std::string local_tag,
                                  std::string local_contact, const SipPeer& from);
  // UAC side (12.1.2): from the request we sent and a response with a To tag.
  static Result<Dialog> CreateUac(const SipMessage& request, const SipMessage& response,
                                  std::string local_contact, const SipPeer& to);

  const DialogId& id() const { return id_; }
  Role role() const { return role_; }
  State state() const { return state_; }
  void set_state(State s) { state_ = s; }
  uint32_t local_seq() const { return local_seq_; }
  uint32_t remote_seq() const { return remote_seq_; }
  const std::string& remote_target() const { return remote_target_; }
  const std::vector<std::string>& route_set() const { return route_set_; }
  const SipPeer& peer() const { return peer_; }
  const std::string& local_contact() const { return local_contact_; }

  // 12.2.2: a request with a lower CSeq than the last one is out of order
  // (answer 500); otherwise remembers it. ACK and CANCEL are not checked.
  bool AcceptRemoteCSeq(const SipMessage& request);

  // Target refresh (re-INVITE, UPDATE, their 2xx): the Contact becomes the
  // remote target.
  void RefreshTarget(const SipMessage& message);

  // A new in-dialog request (not ACK, not CANCEL) with the next local CSeq.
  // `via` is the Via header value (with a fresh branch).
  std::unique_ptr<SipMessage> BuildRequest(std::string_view method, std::string_view via,
                                           std::string_view content_type = {},
                                           std::string_view body = {},
                                           std::string_view extra_headers = {});
  // ACK for a 2xx to the INVITE with CSeq `invite_cseq` (13.2.2.4).
  std::unique_ptr<SipMessage> BuildAck(uint32_t invite_cseq, std::string_view via,
                                       std::string_view content_type = {},
                                       std::string_view body = {}) const;

  // Where in-dialog requests go: the first route, else the remote target,
  // as a numeric address; falls back to the dialog's peer when the URI's
  // host is a name (no DNS on the signalling thread). A UAS dialog with no
  // route set sends to the address its request came from (NAT).
  SipPeer NextHop() const;

 private:
  Dialog() = default;
  std::unique_ptr<SipMessage> Build(std::string_view method, uint32_t cseq, std::string_view via,
                                    std::string_view content_type, std::string_view body,
                                    std::string_view extra_headers) const;

  DialogId id_;
  Role role_ = Role::kUas;
  State state_ = State::kEarly;
  uint32_t local_seq_ = 0;
  uint32_t remote_seq_ = 0;
  bool remote_seq_set_ = false;
  std::string local_header_;   // our From value in requests we send (with our tag)
  std::string remote_header_;  // our To value in requests we send (with their tag)
  std::string remote_target_;
  std::string local_contact_;
  std::vector<std::string> route_set_;
  SipPeer peer_;
};

}  // namespace chorus::b2bua
