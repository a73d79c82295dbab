"""SIP core against the real chorusd, driven by sipp over UDP and TCP:
OPTIONS gets 200 with Allow/Accept; an INVITE to a user no route matches
gets 100 + 404 and the ACK closes it; the same INVITE sent twice is one
transaction (the copy gets the same 404, same To tag); and chorusd keeps
serving afterwards."""

import os
import re

from chorus_harness import (Checks, Chorusd, free_port, parse_args, run_sipp, sipp_messages)


def received_404_tags(messages):
    """To tags of the 404s sipp received, from its -trace_msg log (entries
    separated by dashed lines)."""
    tags = []
    for entry in re.split(r"^-{10,}.*$", messages, flags=re.M):
        if "message received" not in entry or "SIP/2.0 404" not in entry:
            continue
        m = re.search(r"^To:.*?tag=([^;>\s]+)", entry, re.M | re.I)
        if m:
            tags.append(m.group(1))
    return tags


def main():
    args = parse_args()
    scen = os.path.join(os.path.dirname(os.path.abspath(__file__)), "scenarios")
    c = Checks()
    d = Chorusd(args).start()
    target = f"127.0.0.1:{d.sip_port}"
    for transport, flag in (("udp", "u1"), ("tcp", "t1")):
        rc, stats, out = run_sipp(args, os.path.join(scen, "options.xml"), target, free_port(),
                                  transport=flag, name=f"options_{transport}", calls=5, rate=50,
                                  timeout=15)
        c.check(rc == 0 and stats.get("SuccessfulCall(C)") == "5",
                f"{transport}: 5 OPTIONS answered 200 with Allow and Accept (sipp rc={rc})")

        rc, stats, out = run_sipp(args, os.path.join(scen, "invite_404.xml"), target, free_port(),
                                  transport=flag, name=f"invite404_{transport}", calls=20,
                                  rate=100, timeout=15)
        c.check(rc == 0 and stats.get("SuccessfulCall(C)") == "20",
                f"{transport}: 20 INVITEs to unknown users got 404 (sipp rc={rc}, "
                f"ok={stats.get('SuccessfulCall(C)')}, failed={stats.get('FailedCall(C)')})")

        name = f"retransmit_{transport}"
        rc, stats, out = run_sipp(args, os.path.join(scen, "invite_retransmit.xml"), target,
                                  free_port(), transport=flag, name=name, calls=3, rate=10,
                                  timeout=15, extra=["-nr"])
        c.check(rc == 0 and stats.get("SuccessfulCall(C)") == "3",
                f"{transport}: retransmitted INVITEs each answered with a 404 (sipp rc={rc})")
        tags = received_404_tags(sipp_messages(args, name))
        c.check(len(tags) >= 6, f"{transport}: sipp received both 404s of 3 calls ({len(tags)})")
        pairs = [tags[i:i + 2] for i in range(0, len(tags) - 1, 2)]
        c.check(all(len(p) == 2 and p[0] == p[1] for p in pairs),
                f"{transport}: the copy got the same final response (To tags {pairs}): one transaction")
    c.check(d.alive(), "chorusd still running")
    c.finish(d)


if __name__ == "__main__":
    main()
