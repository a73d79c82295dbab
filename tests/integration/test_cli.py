"""The chorusd command line: --help and --version exit 0; --check-config
accepts the shipped default config and rejects bad ones with one line that
names the key, exit status 2; a bad config at start-up also exits 2; a
missing --config is a usage error (2)."""

import os
import subprocess

from chorus_harness import Checks, parse_args


def run(args, *argv):
    p = subprocess.run([args.chorusd, *argv], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       timeout=20)
    return p.returncode, p.stdout.decode(), p.stderr.decode()


def main():
    args = parse_args()
    c = Checks()
    rc, out, _ = run(args, "--help")
    c.check(rc == 0 and "--config" in out and "--check-config" in out, "--help lists options")
    rc, out, _ = run(args, "--version")
    c.check(rc == 0 and out.startswith("chorusd "), f"--version prints a version ({out.strip()})")
    default = os.path.join(args.source_dir, "deploy", "chorus.yaml")
    rc, out, err = run(args, "--config", default, "--check-config")
    c.check(rc == 0, f"shipped deploy/chorus.yaml is valid ({err.strip()})")
    rc, _, err = run(args)
    c.check(rc == 2 and "--config" in err, "missing --config is a usage error")
    rc, _, err = run(args, "--bogus")
    c.check(rc == 2 and "--bogus" in err, "unknown option names itself")

    cases = {
        "unknown key": ("sip: { listen: \"127.0.0.1:5060\", colour: blue }\n", "sip.colour"),
        "wrong type": ("limits: { max_calls: many }\n", "limits.max_calls"),
        "bad regex": ("routes:\n  - { match: \"^(\", action: echo }\n", "routes[0].match"),
        "bad port range": ("rtp: { ports: \"40000-30000\" }\n", "rtp.ports"),
        "bad listen": ("sip: { listen: \"nowhere\" }\n", "sip.listen"),
        "yaml syntax": ("sip: [\n", "YAML"),
    }
    for what, (text, key) in cases.items():
        path = os.path.join(args.work_dir, what.replace(" ", "_") + ".yaml")
        with open(path, "w") as f:
            f.write(text)
        rc, _, err = run(args, "--config", path, "--check-config")
        lines = [l for l in err.splitlines() if l.strip()]
        c.check(rc == 2 and len(lines) == 1 and key in lines[0],
                f"{what}: exit 2 with one line naming {key} ({err.strip()})")
        rc, _, err = run(args, "--config", path)
        c.check(rc == 2 and key in err, f"{what}: start-up also exits 2")
    rc, _, err = run(args, "--config", os.path.join(args.work_dir, "missing.yaml"))
    c.check(rc == 2 and "missing.yaml" in err, "unreadable file: exit 2 naming the file")
    c.finish()


if __name__ == "__main__":
    main()
