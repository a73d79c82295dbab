"""The echo service driven by sipp and by a scripted RTP peer:
- sipp calls `echo` with PCMU + telephone-event, plays a tone from a pcap
  and an RFC 4733 digit (sipp's own pcap), hangs up; chorusd's stream
  report shows RTP came back and the digit was seen once;
- a scripted peer sends a PCMU tone and decodes what comes back: the same
  tone (frequency analysis);
- DTMF from SIP INFO (application/dtmf-relay) and in-band tones (a caller
  without telephone-event) each become one digit event;
- no RTP for rtp.timeout ends the call with a BYE from chorusd, but not
  while the caller holds the call (a=sendonly);
- with every RTP port pair in use a new call gets 503, and the pair is
  reused once the call holding it has ended."""

import math
import os
import re
import socket
import struct
import time

from chorus_harness import (Checks, Chorusd, SipClient, answer_rtp_port, free_port, parse_args,
                            pcmu_tone_payloads, run_sipp, sdp_offer, status_of, ulaw_decode,
                            ulaw_encode, write_rtp_pcap)


def rtp_socket():
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("127.0.0.1", 0))
    return s


def send_pcmu(sock, port, samples_fn, packets, seq0=0, pt=0):
    """Sends `packets` 20 ms PCMU packets paced in real time; returns what
    came back (RTP payloads of PT 0)."""
    back = []
    t0 = time.time()
    sock.settimeout(0.002)
    for n in range(packets):
        payload = bytes(ulaw_encode(samples_fn(n * 160 + i)) for i in range(160))
        sock.sendto(struct.pack("!BBHII", 0x80, pt, (seq0 + n) & 0xFFFF, (seq0 + n) * 160, 0xC0FFEE)
                    + payload, ("127.0.0.1", port))
        end = t0 + (n + 1) * 0.02
        while time.time() < end:
            try:
                data = sock.recvfrom(2048)[0]
                if len(data) > 12 and (data[1] & 0x7F) == 0:
                    back.append(data[12:])
            except socket.timeout:
                pass
    return back


def dominant_hz(payloads):
    import numpy as np
    x = np.array([ulaw_decode(b) for p in payloads for b in p], dtype=float)
    if len(x) < 800:
        return 0.0, 0.0
    spec = np.abs(np.fft.rfft(x * np.hanning(len(x))))
    return float(np.fft.rfftfreq(len(x), 1 / 8000)[np.argmax(spec)]), float(np.sqrt(np.mean(x ** 2)))


def dtmf_samples(digit):
    rows = {"1": 697, "2": 697, "3": 697, "4": 770, "5": 770, "6": 770, "7": 852, "8": 852,
            "9": 852, "*": 941, "0": 941, "#": 941}
    cols = {"1": 1209, "2": 1336, "3": 1477, "4": 1209, "5": 1336, "6": 1477, "7": 1209,
            "8": 1336, "9": 1477, "*": 1209, "0": 1336, "#": 1477}
    lo, hi = rows[digit], cols[digit]
    return lambda t: 6000 * (math.sin(2 * math.pi * lo * t / 8000) +
                             math.sin(2 * math.pi * hi * t / 8000))


def main():
    args = parse_args()
    c = Checks()
    d = Chorusd(args, extra_config="").start()

    # 1. sipp with pcap RTP and an RFC 4733 digit.
    write_rtp_pcap(os.path.join(args.work_dir, "tone_pcmu.pcap"), pcmu_tone_payloads(800, 3))
    scen = os.path.join(os.path.dirname(os.path.abspath(__file__)), "scenarios", "echo_pcap.xml")
    rc, stats, out = run_sipp(args, scen, f"127.0.0.1:{d.sip_port}", free_port(),
                              extra=["-mi", "127.0.0.1", "-mp", str(free_port())], name="echo_pcap",
                              timeout=30)
    c.check(rc == 0 and stats.get("SuccessfulCall(C)") == "1",
            f"sipp echo call with pcap RTP completed (rc={rc})")
    time.sleep(0.5)
    log = d.log_text()
    closed = re.findall(r"event=media\.stream_closed .*rtp_in=(\d+) rtp_out=(\d+).* dtmf=(\d+)", log)
    c.check(len(closed) == 1 and int(closed[0][0]) >= 140 and int(closed[0][1]) >= 140,
            f"the pcap's RTP reached chorusd and came back ({closed})")
    digits = re.findall(r"event=call\.dtmf .*digit=(\S+) .*source=(\S+)", log)
    c.check(digits == [("1", "rfc4733")], f"the RFC 4733 digit was seen once ({digits})")

    # 2. Scripted peer: the tone comes back.
    ua = SipClient("127.0.0.1", d.sip_port, "tone")
    rtp = rtp_socket()
    resp = ua.invite("echo", sdp_offer(rtp.getsockname()[1]))
    port = answer_rtp_port(resp)
    c.check(status_of(resp) == 200 and port, f"scripted peer: 200 with SDP ({status_of(resp)})")
    ua.ack("echo")
    back = send_pcmu(rtp, port, lambda t: 9000 * math.sin(2 * math.pi * 1300 * t / 8000), 100)
    f, rms = dominant_hz(back[10:])
    c.check(len(back) >= 90 and abs(f - 1300) < 20 and rms > 3000,
            f"1300 Hz tone came back ({len(back)} packets, {f:.0f} Hz, rms {rms:.0f})")
    # SIP INFO DTMF.
    ua.send(ua.request("INFO", "echo", "Signal=7\r\nDuration=160\r\n",
                       content_type="application/dtmf-relay"))
    r = ua.final_response()
    c.check(status_of(r) == 200, f"INFO dtmf-relay answered 200 ({status_of(r)})")
    ua.send(ua.request("BYE", "echo"))
    c.check(status_of(ua.final_response()) == 200, "BYE answered 200")

    # 3. In-band DTMF from a caller without telephone-event.
    ua = SipClient("127.0.0.1", d.sip_port, "inband")
    rtp = rtp_socket()
    resp = ua.invite("echo", sdp_offer(rtp.getsockname()[1], telephone_event=False))
    port = answer_rtp_port(resp)
    ua.ack("echo")
    send_pcmu(rtp, port, lambda t: 0, 10)
    send_pcmu(rtp, port, dtmf_samples("5"), 6, seq0=10)  # 120 ms of '5'
    send_pcmu(rtp, port, lambda t: 0, 15, seq0=16)
    ua.send(ua.request("BYE", "echo"))
    ua.final_response()
    time.sleep(0.3)
    digits = re.findall(r"event=call\.dtmf .*digit=(\S+) .*source=(\S+)", d.log_text())
    c.check(("7", "sip_info") in digits, f"INFO digit seen ({digits})")
    c.check(digits.count(("5", "inband")) == 1, f"in-band digit seen once ({digits})")
    d.stop()

    # 4. RTP timeout, and none while on hold.
    t = Chorusd(args, name="timeout")
    text = open(t.config_path).read().replace("rtp: {", "rtp: { timeout: 2s,", 1)
    open(t.config_path, "w").write(text)
    t.start()
    ua = SipClient("127.0.0.1", t.sip_port, "silent")
    rtp = rtp_socket()
    resp = ua.invite("echo", sdp_offer(rtp.getsockname()[1]))
    ua.ack("echo")
    start = time.time()
    bye = ua.wait_request("BYE", 6)
    waited = time.time() - start
    c.check(bye is not None and 1.5 <= waited <= 4.5,
            f"no RTP for rtp.timeout: chorusd sent BYE after {waited:.1f} s")
    if bye:
        ua.answer_request(bye)
    ua = SipClient("127.0.0.1", t.sip_port, "holder")
    rtp = rtp_socket()
    resp = ua.invite("echo", sdp_offer(rtp.getsockname()[1], direction="sendonly"))
    c.check(status_of(resp) == 200 and "a=recvonly" in (resp or ""),
            "hold offer (a=sendonly) answered a=recvonly")
    ua.ack("echo")
    bye = ua.wait_request("BYE", 4)
    c.check(bye is None, "on hold without RTP: no media timeout")
    ua.send(ua.request("BYE", "echo"))
    c.check(status_of(ua.final_response()) == 200, "held call ends with our BYE")
    c.check(t.alive(), "chorusd still running")
    t.stop()

    # 5. Port exhaustion: a range with a single RTP/RTCP pair.
    x = Chorusd(args, name="ports")
    text = re.sub(r'ports: "\d+-\d+"', 'ports: "33100-33101"', open(x.config_path).read())
    open(x.config_path, "w").write(text)
    x.start()
    first = SipClient("127.0.0.1", x.sip_port, "first")
    r1 = first.invite("echo", sdp_offer(rtp_socket().getsockname()[1]))
    first.ack("echo")
    second = SipClient("127.0.0.1", x.sip_port, "second")
    r2 = second.invite("echo", sdp_offer(rtp_socket().getsockname()[1]))
    c.check(status_of(r1) == 200 and status_of(r2) == 503 and "Retry-After" in (r2 or ""),
            f"ports exhausted: second call gets 503 with Retry-After ({status_of(r1)}, "
            f"{status_of(r2)})")
    first.send(first.request("BYE", "echo"))
    first.final_response()
    time.sleep(0.3)  # the worker closes the stream, then the pair is free
    third = SipClient("127.0.0.1", x.sip_port, "third")
    r3 = third.invite("echo", sdp_offer(rtp_socket().getsockname()[1]))
    c.check(status_of(r3) == 200 and answer_rtp_port(r3) == 33100,
            f"the pair is reused after the first call ended ({status_of(r3)})")
    third.ack("echo")
    third.send(third.request("BYE", "echo"))
    third.final_response()
    c.finish(x)


if __name__ == "__main__":
    main()
