#pragma once

// Transaction matching keys (RFC 3261 17.1.3 for responses to client
// transactions, 17.2.3 for requests to server transactions, including the
// RFC 2543 fallback for requests whose branch lacks the magic cookie).

#include <string>

#include "b2bua/sip/message/sip_method.h"

namespace chorus::b2bua {

class SipMessage;

// Key of a client transaction, from the request we send or a response we
// get: top Via branch + CSeq method.
std::string ClientTransactionKey(const SipMessage& message);

// Key of a server transaction for a request we receive. `method` is the
// method the key is for: ACK and CANCEL are looked up under INVITE to find
// the transaction they refer to, and a CANCEL's own transaction under
// CANCEL. Cookie branches: branch + sent-by + method. RFC 2543 requests:
// Request-URI, From tag, Call-ID, CSeq number, top Via and method.
std::string ServerTransactionKey(const SipMessage& request, Method method);

// The branch starts with the RFC 3261 magic cookie "z9hG4bK" and carries
// more than it.
bool HasMagicCookie(const SipMessage& message);

}  // namespace chorus::b2bua
