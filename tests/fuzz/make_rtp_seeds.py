#!/usr/bin/env python3
"""Writes the seed corpora of rtp_packet_fuzz, rtcp_fuzz and dtmf_fuzz
(tests/fuzz/corpus/{rtp_packet,rtcp,dtmf}/). Run from anywhere; it
overwrites the seeds it owns."""
import math
import os
import struct
base = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'corpus')
def w(sub, name, data):
    with open(os.path.join(base, sub, name), 'wb') as f: f.write(data)
def rtp(b0=0x80, b1=0, seq=0x1234, ts=0xdeadbeef, ssrc=0x01020304):
    return bytes([b0, b1]) + struct.pack('>HII', seq, ts, ssrc)
# rtp_packet: first byte = audio level id
w('rtp_packet', 'pcmu_160', b'\x01' + rtp(0x80, 0x80) + bytes(160))
w('rtp_packet', 'csrc2', b'\x01' + rtp(0x82, 8) + struct.pack('>II', 1, 2) + bytes(80))
w('rtp_packet', 'one_byte_audio_level', b'\x01' + rtp(0x90, 111) + bytes([0xbe,0xde,0,2, 0x10,0x85, 0x21,1,2, 0,0,0]) + bytes(40))
w('rtp_packet', 'two_byte_ext', b'\x05' + rtp(0x90, 96) + bytes([0x10,0x00,0,2, 5,0, 0, 7,2,1,2, 0]) + bytes(20))
w('rtp_packet', 'padding', b'\x01' + rtp(0xa0, 0) + bytes([1,2,3,0,0,0,4]))
w('rtp_packet', 'ext_id15', b'\x03' + rtp(0x90, 0) + bytes([0xbe,0xde,0,1, 0x30,0x7f,0xf0,0]) + bytes(10))
# rtcp
sr = bytes([0x81,200,0,12]) + struct.pack('>IIIIII', 0x11111111, 0x83aa7e80, 0x80000000, 0x1234, 50, 8000)
sr += struct.pack('>IBBHIIII', 0x22222222, 64, 0xff, 0xfffe, 0x00010005, 17, 0xb7052000, 0x00054000)
sdes = bytes([0x81,202,0,4]) + struct.pack('>I', 0x11111111) + bytes([1,3]) + b'abc' + bytes([7,1]) + b'x' + bytes(4)
bye = bytes([0x81,203,0,3]) + struct.pack('>I', 0x11111111) + bytes([4]) + b'gone' + bytes(3)
app = bytes([0x83,204,0,3]) + struct.pack('>I', 0x11111111) + b'CHRS' + bytes([1,2,3,4])
w('rtcp', 'sr_sdes_bye_app', sr + sdes + bye + app)
rr = bytes([0x81,201,0,7]) + struct.pack('>I', 9) + struct.pack('>IBBHIIII', 1, 10, 0, 3, 0x10005, 40, 0, 0)
w('rtcp', 'rr_sdes', rr + bytes([0x81,202,0,2]) + struct.pack('>I', 9) + bytes([1,2]) + b'hi')
w('rtcp', 'rr_fb_xr', bytes([0x80,201,0,1,0,0,0,9]) + bytes([0x81,205,0,2,0,0,0,9,0,0,0,1]) + bytes([0x80,207,0,1,0,0,0,9]))
w('rtcp', 'reduced_size_pli', bytes([0x81,206,0,2,0,0,0,9,0,0,0,1]))
w('rtcp', 'padded_bye', bytes([0x80,201,0,1,0,0,0,9]) + bytes([0xa1,203,0,2,0,0,0,9,0,0,0,4]))
# dtmf: mode 0 = telephone events, 1 = INFO body, 2 = PCM
def ev(ts, marker, step, event, end, dur):
    return struct.pack('>IB', ts, (0x80 if marker else 0) | step) + bytes([event, (0x80 if end else 0) | 10]) + struct.pack('>H', dur)
press = b''.join(ev(1000, d == 160, 20, 5, False, d) for d in (160, 320, 480)) + b''.join(ev(1000, False, 20, 5, True, 640) for _ in range(3))
w('dtmf', 'rfc4733_press', b'\x00' + press + ev(3000, False, 20, 11, True, 800) + ev(3000, False, 100, 11, True, 800))
w('dtmf', 'rfc4733_long', b'\x00' + ev(10, True, 20, 0, False, 65440) + ev(10 + 0xffff, False, 20, 0, False, 160) + ev(10 + 0xffff, False, 20, 0, True, 320))
w('dtmf', 'info_relay', b'\x01' + b'Signal=5\r\nDuration=160\r\n')
w('dtmf', 'info_relay_lf', b'\x01' + b' signal = # \nDURATION=250\n')
w('dtmf', 'info_plain', b'\x01' + b'5\r\n')

pcm = b''.join(struct.pack('<h', int(6000*math.sin(2*math.pi*770*n/8000) + 6000*math.sin(2*math.pi*1336*n/8000))) for n in range(800))
w('dtmf', 'tone_5', b'\x02' + pcm + bytes(800))
