#pragma once

// SipStack: the SIP side of chorusd assembled in dependency order: the
// transports, the transaction layer, the endpoint that feeds it, and the
// call manager on top (the transaction user). Owns them all; runs on the
// signalling EventLoop and must be used and destroyed on that thread.

#include <memory>
#include <vector>

#include "b2bua/call/call_manager.h"
#include "b2bua/call/route_table.h"
#include "b2bua/sip/sip_endpoint.h"
#include "b2bua/sip/sip_options.h"
#include "b2bua/sip/transaction/transaction_layer.h"
#include "b2bua/sip/transport/sip_transport_layer.h"
#include "media/base/event_loop.h"

namespace chorus::b2bua {

struct SipStackConfig {
  SipOptions sip;
  CallManagerOptions calls;
  std::vector<RouteConfig> routes;
};

class SipStack final : private TransactionUser {
 public:
  // Binds the listeners; errors name the address or the route.
  static Result<std::unique_ptr<SipStack>> Create(EventLoop& loop, const SipStackConfig& config);
  ~SipStack() override;

  CallManager& calls() { return *calls_; }
  TransactionLayer& transactions() { return *transactions_; }
  SipTransportLayer& transport() { return *transport_; }
  const SipEndpoint& endpoint() const { return *endpoint_; }

 private:
  SipStack() = default;

  // TransactionUser: everything goes to the call manager.
  void OnRequest(TransactionId txn, const SipMessage& request, const SipPeer& from) override {
    calls_->OnRequest(txn, request, from);
  }
  void OnAck(const SipMessage& ack, const SipPeer& from) override { calls_->OnAck(ack, from); }
  void OnCancel(TransactionId invite_txn, const SipMessage& cancel) override {
    calls_->OnCancel(invite_txn, cancel);
  }
  void OnStrayResponse(const SipMessage& response, const SipPeer& from) override {
    calls_->OnStrayResponse(response, from);
  }

  std::unique_ptr<SipTransportLayer> transport_;
  std::unique_ptr<TransactionLayer> transactions_;
  std::unique_ptr<SipEndpoint> endpoint_;
  std::unique_ptr<CallManager> calls_;
};

}  // namespace chorus::b2bua
