"""Every RFC 4475 / RFC 5118 torture message sent to the running chorusd
over UDP; the answer must match the "server" column of
tests/testdata/sip-torture/expectations.txt ("none": no answer), and
chorusd must still be serving at the end. Valid requests are sent over TCP
too.

chorusd listens on 127.0.0.2 so that responses routed by the messages' own
Via headers (host names, default port 5060) come back to 127.0.0.1, where
this test listens on the Via's port (or sends with rport). Several torture
messages share a branch and sent-by, which makes them one transaction for a
conforming server, so each message (and its TCP copy) meets a fresh
chorusd."""

import os
import re
import socket
import time

from chorus_harness import Checks, Chorusd, parse_args, status_of


def load(source_dir):
    base = os.path.join(source_dir, "tests", "testdata", "sip-torture")
    cases = []
    with open(os.path.join(base, "expectations.txt")) as f:
        for line in f:
            if not line.strip() or line.startswith("#"):
                continue
            name, parser, server = line.split()[:3]
            data = open(os.path.join(base, name), "rb").read()
            if name.startswith("rfc5118/"):
                data = re.sub(rb"(?<!\r)\n", b"\r\n", data)
            cases.append((name, parser, server, data))
    return cases


def via_port(data):
    m = re.search(rb"^(?:Via|v)\s*:\s*SIP\s*/\s*[\d.]+\s*/\s*\w+\s+(\[[^\]]+\]|[^\s;:,]+)\s*(?::\s*(\d+))?",
                  data, re.M | re.I)
    if m and m.group(2):
        return int(m.group(2))
    return 5060


def call_id_of(data):
    m = re.search(rb"^(?:Call-ID|i)[ \t]*:[ \t]*(\S+)", data, re.M | re.I)
    return m.group(1) if m else None


def finals(sock, call_id, timeout):
    """Final statuses of responses carrying `call_id` (others are late
    retransmissions for earlier messages: ignored)."""
    out = []
    deadline = time.time() + timeout
    while time.time() < deadline:
        sock.settimeout(max(0.01, deadline - time.time()))
        try:
            data, _ = sock.recvfrom(65535)
        except (socket.timeout, OSError):
            break
        if call_id is not None and call_id_of(data) != call_id:
            continue
        code = status_of(data.decode("latin-1"))
        if code and code >= 200:
            out.append(code)
            break
    return out


def send_udp(d, data, server, c, name):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        s.bind(("127.0.0.1", via_port(data) if b"rport" not in data else 0))
    except OSError as e:
        c.check(False, f"{name}: cannot bind the Via port on 127.0.0.1 ({e})")
        return
    s.sendto(data, ("127.0.0.2", d.sip_port))
    got = finals(s, call_id_of(data), 0.5 if server == "none" else 2.0)
    s.close()
    if server == "none":
        c.check(got == [], f"udp {name}: no answer (got {got})")
    else:
        c.check(got[:1] == [int(server)], f"udp {name}: answered {server} (got {got})")


def send_tcp(d, data, server, c, name):
    t = socket.create_connection(("127.0.0.2", d.sip_port), timeout=2)
    data = data.replace(b"SIP/2.0/UDP", b"SIP/2.0/TCP")
    if b"\r\n\r\n" not in data:
        data += b"\r\n"  # two RFC 5118 messages end without the blank line a stream needs
    t.sendall(data)
    buf = b""
    deadline = time.time() + 2.0
    code = None
    while time.time() < deadline and code is None:
        t.settimeout(max(0.01, deadline - time.time()))
        try:
            chunk = t.recv(65535)
        except socket.timeout:
            break
        if not chunk:
            break
        buf += chunk
        for m in re.finditer(rb"SIP/2.0 (\d{3})", buf):
            if int(m.group(1)) >= 200:
                code = int(m.group(1))
                break
    t.close()
    c.check(code == int(server), f"tcp {name}: answered {server} (got {code})")


def main():
    args = parse_args()
    c = Checks()
    for name, parser, server, data in load(args.source_dir):
        tag = re.sub(r"[^a-z0-9]+", "_", name.lower())
        d = Chorusd(args, sip_host="127.0.0.2", name="udp_" + tag).start()
        send_udp(d, data, server, c, name)
        c.check(d.alive(), f"chorusd alive after udp {name}")
        d.stop()
        framed = re.search(rb"^(Content-Length|l)[ \t]*:", data, re.M | re.I) is not None
        if parser == "ok" and server != "none" and framed:
            d = Chorusd(args, sip_host="127.0.0.2", name="tcp_" + tag).start()
            send_tcp(d, data, server, c, name)
            c.check(d.alive(), f"chorusd alive after tcp {name}")
            d.stop()
    c.finish()


if __name__ == "__main__":
    main()
