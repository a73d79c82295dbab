#include "b2bua/call/call_manager.h"

#include "b2bua/sip/message/message_builder.h"
#include "b2bua/sip/message/sip_uri.h"
#include "media/base/log.h"

namespace chorus::b2bua {

CallManager::CallManager(TransactionLayer& transactions, const CallManagerOptions& options,
                         std::shared_ptr<const RouteTable> routes)
    : transactions_(transactions),
      options_(options),
      policy_(options.policy),
      routes_(std::move(routes)) {}

void CallManager::SetFactory(RouteAction action, CallFactory* factory) {
  factories_[static_cast<size_t>(action)] = factory;
}

void CallManager::RegisterDialog(const DialogId& id, DialogUser* user) { dialogs_[id] = user; }
void CallManager::UnregisterDialog(const DialogId& id) { dialogs_.erase(id); }
void CallManager::RegisterPendingInvite(TransactionId txn, DialogUser* user) {
  pending_invites_[txn] = user;
}
void CallManager::UnregisterPendingInvite(TransactionId txn) { pending_invites_.erase(txn); }

std::unique_ptr<SipMessage> CallManager::MakeResponse(const SipMessage& request, int code,
                                                      std::string_view reason,
                                                      std::string_view to_tag) const {
  std::string tag = to_tag.empty() && code > 100 ? RandomToken(6) : std::string(to_tag);
  auto resp = BuildResponse(request, code, reason, tag);
  resp->AddHeader(HeaderId::kServer, options_.server_name);
  return resp;
}

void CallManager::Reply(TransactionId txn, const SipMessage& request, int code,
                        std::string_view reason,
                        const std::vector<std::pair<std::string, std::string>>& headers) {
  auto resp = MakeResponse(request, code, reason);
  for (const auto& [name, value] : headers) resp->AddHeader(name, value);
  resp->SetHeader(HeaderId::kContentLength, "0");
  transactions_.Respond(txn, std::move(resp));
}

void CallManager::OnRequest(TransactionId txn, const SipMessage& request, const SipPeer& from) {
  // In-dialog requests go to their dialog whatever they are.
  if (request.to().has_tag) {
    auto it = dialogs_.find(DialogIdOfRequest(request));
    if (it != dialogs_.end()) {
      it->second->OnInDialogRequest(txn, request, from);
      return;
    }
  }
  if (auto rejection = policy_.Check(request)) {
    ++stats_.rejected_by_policy;
    Reply(txn, request, rejection->status, rejection->reason, rejection->headers);
    return;
  }
  if (request.to().has_tag) {
    // RFC 3261 12.2.2: a request for a dialog we do not have.
    ++stats_.unknown_dialog;
    Reply(txn, request, 481);
    return;
  }
  switch (request.method()) {
    case Method::kOptions:
      OnOptions(txn, request);
      return;
    case Method::kInvite:
      OnNewInvite(txn, request, from);
      return;
    default:
      // BYE, INFO, UPDATE, PRACK outside a dialog.
      ++stats_.unknown_dialog;
      Reply(txn, request, 481);
      return;
  }
}

void CallManager::OnOptions(TransactionId txn, const SipMessage& request) {
  // RFC 3261 11.2. Max-Forwards 0 is fine: we are the target (RFC 4475
  // 3.3.11), not a hop.
  ++stats_.options_answered;
  std::vector<std::pair<std::string, std::string>> headers = {
      {"Allow", policy_.allow_header()},
      {"Accept", policy_.accept_header()},
      {"Accept-Encoding", "identity"},
      {"Accept-Language", "en"}};
  if (!policy_.supported_header().empty()) {
    headers.emplace_back("Supported", policy_.supported_header());
  }
  Reply(txn, request, 200, {}, headers);
}

void CallManager::OnNewInvite(TransactionId txn, const SipMessage& invite, const SipPeer& from) {
  auto uri = ParseUri(invite.request_uri(), false);
  std::string user = uri ? UnescapeUri(uri->user) : std::string();
  std::optional<RouteMatch> route = routes_ ? routes_->Find(user) : std::nullopt;
  if (!route) {
    ++stats_.no_route;
    CHORUS_LOG(kDebug, "sip.no_route").Kv("user", user).Kv("call_id", invite.call_id());
    Reply(txn, invite, 404);
    return;
  }
  if (route->action == RouteAction::kBridge && invite.max_forwards() == 0) {
    // RFC 3261 16.3 / 8.1.1.6: we would forward it on the outbound leg.
    ++stats_.too_many_hops;
    Reply(txn, invite, 483);
    return;
  }
  if (active_calls_ >= options_.limits.max_calls) {
    ++stats_.over_limit;
    CHORUS_LOG(kWarn, "sip.call_limit")
        .Kv("active", active_calls_)
        .Kv("max_calls", options_.limits.max_calls);
    Reply(txn, invite, 503, "Service Unavailable",
          {{"Retry-After", std::to_string(options_.limits.retry_after_s)}});
    return;
  }
  CallFactory* factory = factories_[static_cast<size_t>(route->action)];
  if (factory == nullptr) {
    ++stats_.not_implemented;
    Reply(txn, invite, 501,
          std::string("Not Implemented (") + RouteActionName(route->action) + ")");
    return;
  }
  factory->OnInvite(txn, invite, from, *route);
}

void CallManager::OnAck(const SipMessage& ack, const SipPeer& from) {
  auto it = dialogs_.find(DialogIdOfRequest(ack));
  if (it != dialogs_.end()) it->second->OnAck(ack, from);
  // Otherwise a stray ACK: nothing to answer (RFC 3261 17.2.3).
}

void CallManager::OnCancel(TransactionId invite_txn, const SipMessage&) {
  auto it = pending_invites_.find(invite_txn);
  if (it != pending_invites_.end()) {
    it->second->OnCancel(invite_txn);
    return;
  }
  // No call took the INVITE yet (it is being answered synchronously, so
  // this is rare): end it ourselves.
  if (const SipMessage* invite = transactions_.ServerRequest(invite_txn)) {
    Reply(invite_txn, *invite, 487);
  }
}

void CallManager::OnStrayResponse(const SipMessage& response, const SipPeer& from) {
  auto it = dialogs_.find(DialogIdOfResponse(response));
  if (it != dialogs_.end()) it->second->OnStrayResponse(response, from);
}

}  // namespace chorus::b2bua
