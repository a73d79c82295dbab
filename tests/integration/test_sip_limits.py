"""Limits and policy answers of the running chorusd, over raw UDP and TCP:
- a request larger than sip.max_message_bytes gets 513 over UDP; over TCP
  a declared body beyond it gets 513 and the connection closed, and a
  header section beyond it closes the connection (nothing to answer yet);
- with limits.max_calls reached, an INVITE gets 503 with Retry-After;
- an INVITE for a bridge route with Max-Forwards 0 gets 483 (we would
  forward it), while OPTIONS with Max-Forwards 0 gets 200 (we are the
  target);
- an INVITE whose Require lists an unknown extension gets 420 with
  Unsupported;
- OPTIONS over IPv6 loopback when the machine has it."""

import socket
import time

from chorus_harness import Checks, Chorusd, header, parse_args, sip_udp_request, status_of

_n = [0]


def request(method, user, host, port, extra="", body="", local="127.0.0.1:5999", transport="UDP"):
    _n[0] += 1
    n = _n[0]
    return (f"{method} sip:{user}@{host}:{port} SIP/2.0\r\n"
            f"Via: SIP/2.0/{transport} {local};branch=z9hG4bK-lim-{n}-{time.time_ns()};rport\r\n"
            f"From: <sip:t@{local}>;tag=t{n}\r\nTo: <sip:{user}@{host}>\r\n"
            f"Call-ID: lim-{n}-{time.time_ns()}@test\r\nCSeq: 1 {method}\r\n"
            f"Contact: <sip:t@{local}>\r\n{extra}"
            f"Content-Length: {len(body)}\r\n\r\n{body}")


def tcp_exchange(host, port, data, timeout=2.0):
    t = socket.create_connection((host, port), timeout=timeout)
    t.sendall(data.encode())
    buf = b""
    closed = False
    deadline = time.time() + timeout
    while time.time() < deadline:
        t.settimeout(max(0.01, deadline - time.time()))
        try:
            chunk = t.recv(65535)
        except socket.timeout:
            break
        if not chunk:
            closed = True
            break
        buf += chunk
    t.close()
    return buf.decode("latin-1"), closed


def main():
    args = parse_args()
    c = Checks()
    d = Chorusd(args, extra_config="limits: { max_calls: 0, retry_after: 7s }\n",
                name="limits").start()
    h, p = "127.0.0.1", d.sip_port

    r = sip_udp_request(h, p, request("INVITE", "conf-a", h, p))
    c.check(status_of(r) == 503 and header(r, "Retry-After") == "7",
            f"max_calls reached: 503 with Retry-After 7 ({status_of(r)}, {header(r, 'Retry-After')})")
    r = sip_udp_request(h, p, request("INVITE", "bridge-bob", h, p, "Max-Forwards: 0\r\n"))
    c.check(status_of(r) == 483, f"bridge INVITE with Max-Forwards 0: 483 ({status_of(r)})")
    r = sip_udp_request(h, p, request("OPTIONS", "x", h, p, "Max-Forwards: 0\r\n"))
    c.check(status_of(r) == 200, f"OPTIONS with Max-Forwards 0: 200 ({status_of(r)})")
    r = sip_udp_request(h, p, request("INVITE", "echo", h, p, "Require: frobnicate, 100rel\r\n"))
    c.check(status_of(r) == 420 and "frobnicate" in (header(r, "Unsupported") or ""),
            f"unknown Require: 420 with Unsupported ({status_of(r)}, {header(r, 'Unsupported')})")
    d.stop()

    small = Chorusd(args, name="small", extra_config="")
    # Rewrite the config with a small message cap.
    text = open(small.config_path).read().replace('sip:\n', 'sip:\n  max_message_bytes: 2000\n', 1)
    open(small.config_path, "w").write(text)
    small.start()
    h, p = "127.0.0.1", small.sip_port
    big = request("OPTIONS", "x", h, p, "X-Padding: " + "a" * 3000 + "\r\n")
    r = sip_udp_request(h, p, big)
    c.check(status_of(r) == 513, f"UDP request over max_message_bytes: 513 ({status_of(r)})")
    resp, closed = tcp_exchange(h, p, big.replace("SIP/2.0/UDP", "SIP/2.0/TCP"))
    c.check(closed, f"TCP header section over max_message_bytes: connection closed ({closed})")
    big_body = request("MESSAGE", "x", h, p, "Content-Type: text/plain\r\n", "b" * 3000,
                       transport="TCP")
    resp, closed = tcp_exchange(h, p, big_body)
    c.check(status_of(resp) == 513 and closed,
            f"TCP body over max_message_bytes: 513 then close ({status_of(resp)}, closed={closed})")
    r = sip_udp_request(h, p, request("OPTIONS", "x", h, p))
    c.check(status_of(r) == 200, "still serving after oversize messages")
    small.stop()

    has_v6 = True
    try:
        s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
        s.bind(("::1", 0))
        s.close()
    except OSError:
        has_v6 = False
    if has_v6:
        v6 = Chorusd(args, name="v6")
        text = open(v6.config_path).read().replace(
            f'listen: "127.0.0.1:{v6.sip_port}"',
            f'listen: ["127.0.0.1:{v6.sip_port}", "[::1]:{v6.sip_port}"]')
        open(v6.config_path, "w").write(text)
        v6.start()
        s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
        s.bind(("::1", 0))
        s.settimeout(2)
        lp = s.getsockname()[1]
        s.sendto(request("OPTIONS", "x", "[::1]", v6.sip_port, local=f"[::1]:{lp}").encode(),
                 ("::1", v6.sip_port))
        try:
            data, _ = s.recvfrom(65535)
            code = status_of(data.decode())
        except socket.timeout:
            code = None
        c.check(code == 200, f"OPTIONS over IPv6 loopback: 200 ({code})")
        v6.stop()
    else:
        print("skip IPv6: no ::1 on this machine")
    c.finish()


if __name__ == "__main__":
    main()
