"""Shared helpers for Chorus integration tests.

Starts the real chorusd on loopback with a generated config, talks SIP to
it over raw sockets, runs sipp, and stops everything it started by PID.
Every test bounds its own run time; nothing leaves 127.0.0.0/8.
"""

import argparse
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import time

DEFAULT_ROUTES = """routes:
  - { match: "^conf-(.+)$",   action: conference, room: "$1" }
  - { match: "^ivr$",         action: ivr, menu: main }
  - { match: "^echo$",        action: echo }
  - { match: "^bridge-(.+)$", action: bridge, target: "sip:$1@127.0.0.1:5070" }
"""


def parse_args():
    p = argparse.ArgumentParser()
    p.add_argument("--chorusd", required=True)
    p.add_argument("--source-dir", required=True)
    p.add_argument("--work-dir", required=True)
    args = p.parse_args()
    if os.path.isdir(args.work_dir):
        shutil.rmtree(args.work_dir)
    os.makedirs(args.work_dir)
    return args


def free_port(host="127.0.0.1", tries=200):
    """A port free for both UDP and TCP on `host` (and port+1)."""
    for _ in range(tries):
        port = random.randrange(20000, 29990, 2)
        ok = True
        socks = []
        try:
            for p in (port, port + 1):
                for kind in (socket.SOCK_DGRAM, socket.SOCK_STREAM):
                    s = socket.socket(socket.AF_INET, kind)
                    socks.append(s)
                    s.bind((host, p))
        except OSError:
            ok = False
        finally:
            for s in socks:
                s.close()
        if ok:
            return port
    raise RuntimeError("no free port found")


class Chorusd:
    """A chorusd process on loopback, stopped by PID."""

    def __init__(self, args, sip_host="127.0.0.1", extra_config="", routes=DEFAULT_ROUTES,
                 log_level="info", name="chorusd"):
        self.args = args
        self.sip_host = sip_host
        self.sip_port = free_port(sip_host)
        self.api_port = free_port()
        self.config_path = os.path.join(args.work_dir, name + ".yaml")
        self.log_path = os.path.join(args.work_dir, name + ".log")
        rtp_base = random.randrange(30000, 39000, 2)
        with open(self.config_path, "w") as f:
            f.write(f"""log: {{ level: {log_level} }}
sip:
  listen: "{sip_host}:{self.sip_port}"

rtp: {{ address: 127.0.0.1, ports: "{rtp_base}-{rtp_base + 199}" }}
api: {{ listen: "127.0.0.1:{self.api_port}" }}
{extra_config}
{routes}""")
        self.proc = None

    def start(self, timeout=10.0):
        self.log = open(self.log_path, "w")
        self.proc = subprocess.Popen([self.args.chorusd, "--config", self.config_path],
                                     stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"chorusd exited with {self.proc.returncode}:\n" +
                                   open(self.log_path).read())
            try:
                resp = sip_udp_request(self.sip_host, self.sip_port, options_request(
                    self.sip_host, self.sip_port), timeout=0.3)
                if resp and resp.startswith("SIP/2.0 200"):
                    return self
            except OSError:
                pass
            time.sleep(0.1)
        raise RuntimeError("chorusd did not answer OPTIONS in time:\n" +
                           open(self.log_path).read())

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def stop(self, sig=signal.SIGINT, timeout=10.0):
        if self.proc is None:
            return None
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()
        return self.proc.returncode

    def log_text(self):
        with open(self.log_path) as f:
            return f.read()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


_seq = [0]


def options_request(host, port, branch=None, local="127.0.0.1:5999", transport="UDP"):
    _seq[0] += 1
    branch = branch or f"z9hG4bK-probe-{os.getpid()}-{_seq[0]}-{random.randrange(1 << 30)}"
    return (f"OPTIONS sip:probe@{host}:{port} SIP/2.0\r\n"
            f"Via: SIP/2.0/{transport} {local};branch={branch};rport\r\n"
            f"Max-Forwards: 70\r\n"
            f"From: <sip:probe@{local}>;tag=p{_seq[0]}\r\n"
            f"To: <sip:probe@{host}:{port}>\r\n"
            f"Call-ID: probe-{os.getpid()}-{_seq[0]}@{local}\r\n"
            f"CSeq: 1 OPTIONS\r\n"
            f"Content-Length: 0\r\n\r\n")


def sip_udp_request(host, port, text, timeout=2.0, bind=("127.0.0.1", 0)):
    """Sends one datagram and returns the first final response text (or None)."""
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        s.bind(bind)
        s.settimeout(timeout)
        s.sendto(text.encode("latin-1") if isinstance(text, str) else text, (host, port))
        deadline = time.time() + timeout
        while time.time() < deadline:
            try:
                data, _ = s.recvfrom(65535)
            except socket.timeout:
                return None
            resp = data.decode("latin-1")
            m = re.match(r"SIP/2.0 (\d{3})", resp)
            if m and int(m.group(1)) >= 200:
                return resp
        return None
    finally:
        s.close()


def status_of(response):
    m = re.match(r"SIP/2.0 (\d{3})", response or "")
    return int(m.group(1)) if m else None


def header(response, name):
    for line in (response or "").split("\r\n"):
        if ":" in line and line.split(":", 1)[0].strip().lower() == name.lower():
            return line.split(":", 1)[1].strip()
    return None


def run_sipp(args, scenario, target, local_port, extra=(), timeout=60, name="sipp", transport="u1",
             calls=1, rate=10):
    """Runs sipp with a scenario file; returns (returncode, stats dict, stdout)."""
    if shutil.which("sipp") is None:
        raise RuntimeError("sipp not installed (Debian package sip-tester)")
    stat_path = os.path.join(args.work_dir, name + "_stats.csv")
    cmd = ["sipp", "-sf", scenario, "-i", "127.0.0.1", "-p", str(local_port), "-t", transport,
           "-m", str(calls), "-r", str(rate), "-nostdin", "-trace_stat", "-stf", stat_path,
           "-trace_msg", "-message_file", os.path.join(args.work_dir, name + "_messages.log"),
           "-trace_err", "-error_file", os.path.join(args.work_dir, name + "_errors.log"),
           "-timeout", str(timeout), "-timeout_error", "-max_recv_loops", "1000"] + list(extra) + [target]
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          timeout=timeout + 30, cwd=args.work_dir)
    stats = {}
    if os.path.exists(stat_path):
        with open(stat_path) as f:
            lines = [l.strip().split(";") for l in f if l.strip()]
        if len(lines) >= 2:
            stats = dict(zip(lines[0], lines[-1]))
    return proc.returncode, stats, proc.stdout.decode("utf-8", "replace")


def sipp_messages(args, name="sipp"):
    path = os.path.join(args.work_dir, name + "_messages.log")
    return open(path, encoding="latin-1").read() if os.path.exists(path) else ""


class Checks:
    """Collects failures so a test reports all of them, then exits 0/1."""

    def __init__(self):
        self.failures = []

    def check(self, cond, what):
        if cond:
            print(f"ok   {what}")
        else:
            print(f"FAIL {what}")
            self.failures.append(what)

    def finish(self, *daemons):
        for d in daemons:
            if d is not None and d.proc is not None and d.proc.poll() is None:
                d.stop()
        if self.failures:
            for d in daemons:
                if d is not None:
                    print(f"--- {d.log_path} (tail)")
                    print("\n".join(d.log_text().splitlines()[-40:]))
            print(f"{len(self.failures)} check(s) failed")
            sys.exit(1)
        print("all checks passed")
        sys.exit(0)


# ---- baresip (Debian baresip-core 1.0.0), headless, per ../shared TESTING.md ----

BARESIP_MODULES = ["stdio.so", "g711.so", "opus.so", "g722.so", "aufile.so", "sndfile.so",
                   "srtp.so"]


def make_tone(path, freq, seconds, rate=8000, channels=1, volume=0.5):
    subprocess.run(["sox", "-n", "-r", str(rate), "-c", str(channels), "-b", "16", path,
                    "synth", str(seconds), "sine", str(freq), "vol", str(volume)], check=True)
    return path


class Baresip:
    """One baresip client with its own config directory; runs by PID."""

    def __init__(self, args, name, source_wav, codec="PCMU", rate=8000, channels=1,
                 srtp=False, answer=True):
        self.dir = os.path.join(args.work_dir, name)
        os.makedirs(self.dir, exist_ok=True)
        self.sip_port = free_port()
        self.rtp_base = random.randrange(40000, 49000, 100)
        self.name = name
        with open(os.path.join(self.dir, "config"), "w") as f:
            f.write(f"""poll_method\t\tepoll
sip_listen\t\t127.0.0.1:{self.sip_port}
net_interface\t\t127.0.0.1
audio_player\t\taufile,/dev/null
audio_source\t\taufile,{source_wav}
audio_srate\t\t{rate}
audio_channels\t\t{channels}
rtp_ports\t\t{self.rtp_base}-{self.rtp_base + 99}
module_path\t\t/usr/lib/baresip/modules
""" + "".join(f"module\t\t\t{m}\n" for m in BARESIP_MODULES) + f"""module_app\t\taccount.so
module_app\t\tmenu.so
snd_path\t\t{self.dir}
""")
        params = f";regint=0;answermode={'auto' if answer else 'manual'};audio_codecs={codec}"
        if srtp:
            params += ";mediaenc=srtp-mand"
        with open(os.path.join(self.dir, "accounts"), "w") as f:
            f.write(f"<sip:{name}@127.0.0.1:{self.sip_port};transport=udp>{params}\n")
        self.proc = None
        self.log_path = os.path.join(self.dir, "baresip.log")

    def start(self, seconds, commands=()):
        cmd = ["baresip", "-4", "-f", self.dir, "-t", str(seconds)]
        for c in commands:
            cmd += ["-e", c]
        self.log = open(self.log_path, "w")
        self.proc = subprocess.Popen(cmd, stdout=self.log, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL, cwd=self.dir)
        return self

    def wait(self, timeout):
        try:
            self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.log.close()

    def stop(self):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            self.wait(5)

    def recording(self):
        """What this client heard (sndfile's -dec.wav), or None."""
        for f in sorted(os.listdir(self.dir)):
            if f.startswith("dump-") and f.endswith("-dec.wav"):
                return os.path.join(self.dir, f)
        return None

    def log_text(self):
        return open(self.log_path, errors="replace").read() if os.path.exists(self.log_path) else ""


def analyze(wav_path, start_s=0.0, end_s=None):
    """(dominant frequency Hz, RMS, seconds) of a WAV segment, by FFT."""
    import wave
    import numpy as np
    w = wave.open(wav_path)
    rate, ch = w.getframerate(), w.getnchannels()
    x = np.frombuffer(w.readframes(w.getnframes()), dtype=np.int16).astype(float)
    if ch > 1:
        x = x.reshape(-1, ch).mean(axis=1)
    seconds = len(x) / rate
    a = int(start_s * rate)
    b = len(x) if end_s is None else min(len(x), int(end_s * rate))
    seg = x[a:b]
    if len(seg) < rate // 10:
        return 0.0, 0.0, seconds
    spec = np.abs(np.fft.rfft(seg * np.hanning(len(seg))))
    freqs = np.fft.rfftfreq(len(seg), 1.0 / rate)
    return float(freqs[int(np.argmax(spec))]), float(np.sqrt(np.mean(seg ** 2))), seconds


def tone_power_ratio(wav_path, freq, start_s=0.0, end_s=None, band_hz=30):
    """Share of the segment's energy within +-band_hz of `freq` (0..1)."""
    import wave
    import numpy as np
    w = wave.open(wav_path)
    rate, ch = w.getframerate(), w.getnchannels()
    x = np.frombuffer(w.readframes(w.getnframes()), dtype=np.int16).astype(float)
    if ch > 1:
        x = x.reshape(-1, ch).mean(axis=1)
    a = int(start_s * rate)
    b = len(x) if end_s is None else min(len(x), int(end_s * rate))
    seg = x[a:b]
    if len(seg) < rate // 10:
        return 0.0
    spec = np.abs(np.fft.rfft(seg * np.hanning(len(seg)))) ** 2
    freqs = np.fft.rfftfreq(len(seg), 1.0 / rate)
    total = spec.sum()
    if total <= 0:
        return 0.0
    return float(spec[np.abs(freqs - freq) <= band_hz].sum() / total)


# ---- RTP / pcap helpers for sipp's play_pcap_audio ----

def ulaw_encode(sample):
    """ITU-T G.711 mu-law of one 16-bit sample."""
    bias, clip = 0x84, 32635
    sign = 0x80 if sample < 0 else 0
    s = min(abs(int(sample)), clip) + bias
    exponent = max(0, s.bit_length() - 8)
    exponent = min(exponent, 7)
    mantissa = (s >> (exponent + 3)) & 0x0F
    return (~(sign | (exponent << 4) | mantissa)) & 0xFF


def ulaw_decode(byte):
    byte = ~byte & 0xFF
    sign = byte & 0x80
    exponent = (byte >> 4) & 0x07
    mantissa = byte & 0x0F
    s = ((mantissa << 3) + 0x84) << exponent
    s -= 0x84
    return -s if sign else s


def write_rtp_pcap(path, payloads, payload_type=0, ptime_ms=20, samples_per_packet=160):
    """A pcap of RTP packets (Ethernet/IPv4/UDP) for sipp's play_pcap_audio,
    which rewrites addresses and ports and keeps the timing and payloads."""
    import struct
    with open(path, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
        for n, payload in enumerate(payloads):
            rtp = struct.pack("!BBHII", 0x80, payload_type | (0x80 if n == 0 else 0), n & 0xFFFF,
                              n * samples_per_packet, 0x1234ABCD) + payload
            udp = struct.pack("!HHHH", 6000, 6000, 8 + len(rtp), 0) + rtp
            ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), n & 0xFFFF, 0, 64, 17, 0,
                             bytes([127, 0, 0, 1]), bytes([127, 0, 0, 1])) + udp
            frame = b"\x00" * 12 + b"\x08\x00" + ip
            t_us = n * ptime_ms * 1000
            f.write(struct.pack("<IIII", t_us // 1000000, t_us % 1000000, len(frame), len(frame)))
            f.write(frame)


def pcmu_tone_payloads(freq, seconds, amplitude=8000):
    import math
    out = []
    for n in range(int(seconds * 50)):
        out.append(bytes(ulaw_encode(amplitude * math.sin(2 * math.pi * freq * (n * 160 + i) / 8000))
                         for i in range(160)))
    return out


class SipClient:
    """A minimal UDP SIP user agent for tests: one dialog at a time."""

    def __init__(self, server_host, server_port, user="probe"):
        self.server = (server_host, server_port)
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.user = user
        self.call_id = f"{user}-{os.getpid()}-{random.randrange(1 << 30)}@127.0.0.1"
        self.from_tag = f"f{random.randrange(1 << 30)}"
        self.to_tag = None
        self.cseq = 0
        self.target = None

    def request(self, method, ruser, body="", content_type="application/sdp", cseq=None,
                extra=""):
        if cseq is None:
            self.cseq += 1
            cseq = self.cseq
        to = f"<sip:{ruser}@{self.server[0]}>" + (f";tag={self.to_tag}" if self.to_tag else "")
        ct = f"Content-Type: {content_type}\r\n" if body else ""
        branch = f"z9hG4bK-{method}-{cseq}-{random.randrange(1 << 30)}"
        return (f"{method} sip:{ruser}@{self.server[0]}:{self.server[1]} SIP/2.0\r\n"
                f"Via: SIP/2.0/UDP 127.0.0.1:{self.port};branch={branch};rport\r\n"
                f"From: <sip:{self.user}@127.0.0.1>;tag={self.from_tag}\r\nTo: {to}\r\n"
                f"Call-ID: {self.call_id}\r\nCSeq: {cseq} {method}\r\n"
                f"Contact: <sip:{self.user}@127.0.0.1:{self.port}>\r\nMax-Forwards: 70\r\n"
                f"{extra}{ct}Content-Length: {len(body)}\r\n\r\n{body}")

    def send(self, text):
        self.sock.sendto(text.encode("latin-1"), self.server)

    def recv(self, timeout=2.0):
        self.sock.settimeout(timeout)
        try:
            data, _ = self.sock.recvfrom(65535)
            return data.decode("latin-1")
        except socket.timeout:
            return None

    def final_response(self, timeout=3.0):
        deadline = time.time() + timeout
        while time.time() < deadline:
            msg = self.recv(max(0.01, deadline - time.time()))
            if msg is None:
                return None
            code = status_of(msg)
            if code is not None and code >= 200:
                return msg
        return None

    def invite(self, ruser, sdp):
        self.send(self.request("INVITE", ruser, sdp))
        resp = self.final_response()
        if resp and status_of(resp) == 200:
            m = re.search(r"^To:.*;tag=([^;\s>]+)", resp, re.M | re.I)
            self.to_tag = m.group(1) if m else None
            self.invite_cseq = self.cseq
        return resp

    def ack(self, ruser, body=""):
        self.send(self.request("ACK", ruser, body, cseq=self.invite_cseq))

    def answer_request(self, msg, code=200):
        """Answers a request chorusd sent us (BYE) with `code`."""
        lines = msg.split("\r\n")
        keep = [l for l in lines if re.match(r"(Via|From|To|Call-ID|CSeq)\s*:", l, re.I)]
        self.send(f"SIP/2.0 {code} OK\r\n" + "\r\n".join(keep) + "\r\nContent-Length: 0\r\n\r\n")

    def wait_request(self, method, timeout):
        deadline = time.time() + timeout
        while time.time() < deadline:
            msg = self.recv(max(0.01, deadline - time.time()))
            if msg is None:
                return None
            if msg.startswith(method + " "):
                return msg
        return None


def sdp_offer(rtp_port, codecs=((0, "PCMU/8000"),), telephone_event=True, direction="sendrecv",
              version=1):
    pts = " ".join(str(pt) for pt, _ in codecs) + (" 101" if telephone_event else "")
    lines = ["v=0", f"o=probe 1 {version} IN IP4 127.0.0.1", "s=-", "c=IN IP4 127.0.0.1", "t=0 0",
             f"m=audio {rtp_port} RTP/AVP {pts}"]
    lines += [f"a=rtpmap:{pt} {name}" for pt, name in codecs]
    if telephone_event:
        lines += ["a=rtpmap:101 telephone-event/8000", "a=fmtp:101 0-16"]
    lines += [f"a={direction}"]
    return "\r\n".join(lines) + "\r\n"


def answer_rtp_port(resp):
    m = re.search(r"^m=audio (\d+)", resp or "", re.M)
    return int(m.group(1)) if m else None
