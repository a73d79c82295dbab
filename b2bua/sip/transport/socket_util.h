#pragma once

// TCP socket set-up for the SIP transports (UDP uses media::UdpSocket):
// non-blocking, close-on-exec listening sockets (IPV6_V6ONLY on IPv6 so v4
// and v6 listeners never collide; SO_REUSEADDR for quick restarts) and
// non-blocking outbound connects. Errors name the address and the failed
// call ("127.0.0.1:5060: Address already in use"); an address in use is
// ErrorCode::kAlreadyExists, other failures kIo. Any thread.

#include <string_view>

#include "media/base/scoped_fd.h"
#include "media/base/result.h"
#include "media/base/socket_address.h"

namespace chorus::b2bua {

Result<ScopedFd> OpenTcpListenSocket(const SocketAddress& local, int backlog);

// Starts a non-blocking TCP connect. The connect may still be in progress
// when this returns; completion shows as writability (SO_ERROR tells).
// Fails at once only for errors the kernel reports synchronously.
Result<ScopedFd> StartTcpConnect(const SocketAddress& remote);

// The address a socket is bound to (port filled in after binding port 0);
// invalid on error.
SocketAddress LocalAddressOf(int fd);

// A UDP keep-alive rather than a message: empty, only CR/LF bytes, or one
// to four NUL bytes (RFC 5626 4.4.1 and common phone practice).
bool IsKeepAliveDatagram(std::string_view bytes);

}  // namespace chorus::b2bua
