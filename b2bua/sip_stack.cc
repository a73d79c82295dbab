#include "b2bua/sip_stack.h"

#include "media/base/log.h"

namespace chorus::b2bua {

Result<std::unique_ptr<SipStack>> SipStack::Create(EventLoop& loop, const SipStackConfig& config) {
  auto routes = RouteTable::Compile(config.routes);
  if (!routes) return routes.error();
  std::unique_ptr<SipStack> stack(new SipStack());
  SipStack* self = stack.get();
  auto transport = SipTransportLayer::Create(
      loop, config.sip, [self](SipParseResult&& parsed, const SipPeer& from) {
        self->endpoint_->OnParsed(std::move(parsed), from);
      });
  if (!transport) return transport.error();
  stack->transport_ = std::move(*transport);
  TimerValues t{config.sip.t1_ms, config.sip.t2_ms, config.sip.t4_ms};
  TransactionUser& user = *self;  // private base: convertible only in here
  stack->transactions_ = std::make_unique<TransactionLayer>(loop, *stack->transport_, t, user);
  stack->endpoint_ = std::make_unique<SipEndpoint>(*stack->transport_, *stack->transactions_,
                                                   config.calls.server_name);
  stack->calls_ = std::make_unique<CallManager>(
      *stack->transactions_, config.calls,
      std::make_shared<const RouteTable>(std::move(*routes)));
  stack->transport_->SetTransportErrorHandler([self](const SipPeer& peer, const Error& error) {
    CHORUS_LOG(kDebug, "sip.transport_error")
        .Kv("peer", peer.remote.ToString())
        .Kv("transport", TransportName(peer.transport))
        .Kv("error", error.message);
    self->transactions_->OnTransportError(peer);
  });
  for (Transport t : {Transport::kUdp, Transport::kTcp}) {
    for (const SocketAddress& a : stack->transport_->ListenAddresses(t)) {
      CHORUS_LOG(kInfo, "sip.listening").Kv("transport", TransportName(t)).Kv("address",
                                                                             a.ToString());
    }
  }
  return stack;
}

SipStack::~SipStack() {
  // Calls and transactions go before the transport they send through.
  calls_.reset();
  transactions_.reset();
  endpoint_.reset();
  transport_.reset();
}

}  // namespace chorus::b2bua
