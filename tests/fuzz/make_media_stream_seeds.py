#!/usr/bin/env python3
"""Writes the seed corpus of media_stream_fuzz (tests/fuzz/corpus/media_stream/).
Each seed is a flags byte, then records of (control, u16 length, datagram);
see media_stream_fuzz.cc. Run from anywhere; it overwrites the seeds it owns."""
import math
import os
import struct

base = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'corpus', 'media_stream')
os.makedirs(base, exist_ok=True)


def w(name, data):
    with open(os.path.join(base, name), 'wb') as f:
        f.write(data)


def rtp(pt, seq, ts, payload, marker=False, ssrc=0x0A0B0C0D, ext=b''):
    b0 = 0x90 if ext else 0x80
    return bytes([b0, (0x80 if marker else 0) | pt]) + struct.pack('>HII', seq, ts, ssrc) + ext + payload


def rec(datagram, ticks=1, rtcp_port=False, other=False):
    control = (ticks << 2) | (1 if rtcp_port else 0) | (2 if other else 0)
    return bytes([control]) + struct.pack('>H', len(datagram)) + datagram


def ulaw(x):
    # G.711 mu-law of a linear sample (ITU-T G.711 segment encoding).
    sign = 0x80 if x < 0 else 0
    x = min(abs(x), 32635) + 0x84
    exp = 7
    mask = 0x4000
    while exp > 0 and not (x & mask):
        exp -= 1
        mask >>= 1
    mant = (x >> (exp + 3)) & 0x0F
    return (~(sign | (exp << 4) | mant)) & 0xFF


def tone_ulaw(n, start, freq=1000):
    return bytes(ulaw(int(8000 * math.sin(2 * math.pi * freq * (start + i) / 8000))) for i in range(n))


def event(ev, end, dur, vol=10):
    return bytes([ev, (0x80 if end else 0) | vol]) + struct.pack('>H', dur)


def rr(ssrc=0x0A0B0C0D, about=1):
    return bytes([0x81, 201, 0, 7]) + struct.pack('>I', ssrc) + struct.pack('>IBBHIIII', about, 10, 0, 3, 0x10005, 40, 0, 0)


# PCMU tone, 20 packets, one tick each.
w('pcmu_tone', bytes([0x00]) + b''.join(rec(rtp(0, 100 + i, 160 * i, tone_ulaw(160, 160 * i), i == 0)) for i in range(20)))
# A loss, a duplicate and a late packet.
seq = [0, 1, 2, 4, 4, 3, 5, 6, 7, 8]
w('pcmu_loss_dup_late', bytes([0x00]) + b''.join(rec(rtp(0, 10 + s, 160 * s, tone_ulaw(160, 160 * s))) for s in seq))
# RFC 4733 press between audio packets, then silence for the timeout.
press = [rtp(101, 30 + i, 1600, event(5, i >= 3, 160 * min(i + 1, 4)), i == 0) for i in range(6)]
w('rfc4733_press', bytes([0x00]) + b''.join(rec(rtp(0, 20 + i, 160 * i, tone_ulaw(160, 0))) for i in range(10))
  + b''.join(rec(p) for p in press) + rec(rtp(0, 36, 2720, tone_ulaw(160, 0)), 20))
# Payload-type switch PCMU -> G.722 -> Opus (TOC 0x78: 20 ms SILK WB), mux with RTCP.
g722 = bytes(range(160))
opus = bytes([0x78]) + bytes(40)
w('pt_switch_mux', bytes([0x01]) + b''.join(rec(rtp(0, i, 160 * i, tone_ulaw(160, 0))) for i in range(4))
  + b''.join(rec(rtp(9, 4 + i, 160 * (4 + i), g722)) for i in range(4))
  + b''.join(rec(rtp(111, 8 + i, 960 * (8 + i), opus)) for i in range(4)) + rec(rr()))
# RTCP on its own port and from elsewhere; strict latching.
w('rtcp_port_strict', bytes([0x02]) + rec(rtp(0, 1, 0, tone_ulaw(160, 0)), 1, False, True)
  + rec(rtp(0, 2, 160, tone_ulaw(160, 0))) + rec(rr(), 1, True) + rec(rr(), 1, True, True))
# In-band DTMF on, RFC 6464 audio level extension, SRTP flags (fails auth).
ext = bytes([0xBE, 0xDE, 0, 1, 0x10, 0x85, 0, 0])
w('inband_ext', bytes([0x04]) + b''.join(rec(rtp(0, i, 160 * i, tone_ulaw(160, 160 * i, 770), False, ext=ext)) for i in range(8)))
w('srtp_garbage', bytes([0x08 | 0x20]) + b''.join(rec(rtp(0, i, 160 * i, bytes(170))) for i in range(4)))
# Opus send codec with a 48 kHz telephone-event clock, SSRC change.
w('opus_send_ssrc_change', bytes([0x60]) + b''.join(rec(rtp(111, i, 960 * i, opus)) for i in range(4))
  + b''.join(rec(rtp(111, 5000 + i, 960 * i, opus, ssrc=0x1234)) for i in range(4)))
