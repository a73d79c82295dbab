#pragma once

// CallManager: the transaction user at the top of the SIP stack. Answers
// what needs no call (OPTIONS, unsupported methods, requests for dialogs we
// do not have), runs the UAS checks of RequestPolicy on new requests,
// routes new INVITEs by Request-URI user through the RouteTable and hands
// them to the CallFactory registered for the route's action (501 when the
// action has none), enforces the call limit, and dispatches in-dialog
// requests, ACKs, CANCELs and stray responses to the DialogUser that
// registered the dialog. Signalling thread only; owned by the wiring.

#include <array>
#include <memory>
#include <string>
#include <unordered_map>

#include "b2bua/call/request_policy.h"
#include "b2bua/call/route_table.h"
#include "b2bua/sip/dialog/dialog.h"
#include "b2bua/sip/sip_options.h"
#include "b2bua/sip/transaction/transaction_layer.h"

namespace chorus::b2bua {

// Whoever owns a dialog (a call leg) gets its traffic.
class DialogUser {
 public:
  virtual ~DialogUser() = default;
  virtual void OnInDialogRequest(TransactionId txn, const SipMessage& request,
                                 const SipPeer& from) = 0;
  virtual void OnAck(const SipMessage& ack, const SipPeer& from) = 0;
  // A CANCEL for the pending INVITE this user registered.
  virtual void OnCancel(TransactionId invite_txn) = 0;
  virtual void OnStrayResponse(const SipMessage& response, const SipPeer& from) = 0;
};

// Takes over new INVITEs for one route action.
class CallFactory {
 public:
  virtual ~CallFactory() = default;
  // The INVITE passed every check and matched `route`; the factory now owns
  // answering `txn`.
  virtual void OnInvite(TransactionId txn, const SipMessage& invite, const SipPeer& from,
                        const RouteMatch& route) = 0;
};

struct CallManagerOptions {
  std::string server_name = "Chorus";
  LimitsOptions limits;
  RequestPolicyOptions policy;
};

struct CallManagerStats {
  uint64_t rejected_by_policy = 0;
  uint64_t no_route = 0;
  uint64_t over_limit = 0;
  uint64_t not_implemented = 0;
  uint64_t too_many_hops = 0;
  uint64_t unknown_dialog = 0;
  uint64_t options_answered = 0;
};

class CallManager final : public TransactionUser {
 public:
  CallManager(TransactionLayer& transactions, const CallManagerOptions& options,
              std::shared_ptr<const RouteTable> routes);

  // Swapped on reload; calls in progress keep what they matched.
  void SetRoutes(std::shared_ptr<const RouteTable> routes) { routes_ = std::move(routes); }
  void SetLimits(const LimitsOptions& limits) { options_.limits = limits; }
  void SetFactory(RouteAction action, CallFactory* factory);

  void RegisterDialog(const DialogId& id, DialogUser* user);
  void UnregisterDialog(const DialogId& id);
  void RegisterPendingInvite(TransactionId txn, DialogUser* user);
  void UnregisterPendingInvite(TransactionId txn);

  // Calls count against limits.max_calls between CallStarted and CallEnded.
  void CallStarted() { ++active_calls_; }
  void CallEnded() {
    if (active_calls_ > 0) --active_calls_;
  }
  int active_calls() const { return active_calls_; }

  // A response to `request` with our Server header (and To tag for finals).
  std::unique_ptr<SipMessage> MakeResponse(const SipMessage& request, int code,
                                           std::string_view reason = {},
                                           std::string_view to_tag = {}) const;
  // Sends a response on server transaction `txn`.
  void Reply(TransactionId txn, const SipMessage& request, int code, std::string_view reason = {},
             const std::vector<std::pair<std::string, std::string>>& headers = {});

  const RequestPolicy& policy() const { return policy_; }
  const CallManagerStats& stats() const { return stats_; }
  TransactionLayer& transactions() { return transactions_; }

  // TransactionUser
  void OnRequest(TransactionId txn, const SipMessage& request, const SipPeer& from) override;
  void OnAck(const SipMessage& ack, const SipPeer& from) override;
  void OnCancel(TransactionId invite_txn, const SipMessage& cancel) override;
  void OnStrayResponse(const SipMessage& response, const SipPeer& from) override;

 private:
  void OnNewInvite(TransactionId txn, const SipMessage& invite, const SipPeer& from);
  void OnOptions(TransactionId txn, const SipMessage& request);

  TransactionLayer& transactions_;
  CallManagerOptions options_;
  RequestPolicy policy_;
  std::shared_ptr<const RouteTable> routes_;
  std::array<CallFactory*, 4> factories_{};
  std::unordered_map<DialogId, DialogUser*, DialogIdHash> dialogs_;
  std::unordered_map<TransactionId, DialogUser*> pending_invites_;
  int active_calls_ = 0;
  CallManagerStats stats_;
};

}  // namespace chorus::b2bua
