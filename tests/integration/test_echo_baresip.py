"""A real softphone (Debian's baresip) calls `echo` and hears itself back
through chorusd's whole decode -> tick -> encode path: PCMU, Opus and G.722,
plain RTP and SRTP (SDES, mediaenc=srtp-mand). Each client plays its own
tone; the test checks by frequency analysis that what it recorded is that
tone at a sensible level, so a silent or garbage pipeline fails, and that
chorusd logged the call's media with the expected codec and SRTP suite."""

import os
import re

from chorus_harness import (Baresip, Checks, Chorusd, analyze, make_tone, parse_args,
                            tone_power_ratio)

CASES = [
    # name, codec spec for baresip, rate, channels, srtp, tone Hz, chorus codec name
    ("pcmu", "PCMU", 8000, 1, False, 440, "PCMU"),
    ("opus", "opus/48000/2", 48000, 2, False, 1000, "opus"),
    ("g722", "G722/16000/1", 16000, 1, False, 600, "G722"),
    ("pcmu_srtp", "PCMU", 8000, 1, True, 700, "PCMU"),
    ("opus_srtp", "opus/48000/2", 48000, 2, True, 1200, "opus"),
]
SECONDS = 5


def main():
    args = parse_args()
    c = Checks()
    d = Chorusd(args).start()
    for name, codec, rate, channels, srtp, freq, chorus_codec in CASES:
        wav = make_tone(os.path.join(args.work_dir, f"{name}_tone.wav"), freq, SECONDS + 2, rate,
                        channels)
        b = Baresip(args, name, wav, codec=codec, rate=rate, channels=channels, srtp=srtp)
        b.start(SECONDS, [f"/dial sip:echo@127.0.0.1:{d.sip_port}"]).wait(SECONDS + 15)
        rec = b.recording()
        c.check(rec is not None, f"{name}: baresip recorded what it heard")
        if rec is None:
            print(b.log_text()[-2000:])
            continue
        # Skip the first second (call set-up, jitter buffer fill) and the tail.
        f, rms, secs = analyze(rec, 1.0, SECONDS - 0.5)
        ratio = tone_power_ratio(rec, freq, 1.0, SECONDS - 0.5)
        c.check(abs(f - freq) <= freq * 0.03,
                f"{name}: heard its {freq} Hz tone back (dominant {f:.0f} Hz over {secs:.1f} s)")
        c.check(rms > 2000, f"{name}: at a sensible level (rms {rms:.0f})")
        c.check(ratio > 0.8, f"{name}: the tone dominates the echo ({ratio:.2f} of the energy)")
    log = d.log_text()
    for name, codec, rate, channels, srtp, freq, chorus_codec in CASES:
        want = "AES_CM_128_HMAC_SHA1_80" if srtp else "none"
        c.check(re.search(rf"event=call\.media .*codec={chorus_codec} .*srtp={want}", log)
                is not None, f"{name}: chorusd negotiated {chorus_codec} with srtp={want}")
    closed = re.findall(r"event=media\.stream_closed .*rtp_in=(\d+) rtp_out=(\d+)", log)
    c.check(len(closed) == len(CASES) and all(int(i) > 100 and int(o) > 100 for i, o in closed),
            f"every stream carried RTP both ways ({closed})")
    c.check(d.alive(), "chorusd still running")
    c.finish(d)


if __name__ == "__main__":
    main()
