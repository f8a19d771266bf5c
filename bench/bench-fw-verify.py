#!/usr/bin/env python3
"""Firmware verification speed beside the peer tools, in one run on the same file.

Signs a 64 MiB random payload (and a 1 MiB one), then times, best of --runs each:
`iotsec fw verify --check-only` (SHA-256 digest and Ed25519ph's SHA-512 over the image),
the same with a BLAKE2b digest, `sha256sum` and `b2sum` on the signed image. Prints MB/s,
ns/byte and the ratios, and the peak RSS of verify for 1 MiB and 64 MiB images (it must not
grow with the image). Usage: bench/bench-fw-verify.py BUILD_DIR [--mib 64] [--runs 3]
"""
import argparse
import os
import resource
import subprocess
import sys
import time


def run_timed(cmd, env):
    """Wall seconds and the peak RSS (KiB) of one child run."""
    t0 = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        fd = os.open(os.devnull, os.O_WRONLY)
        os.dup2(fd, 1)
        os.execvpe(cmd[0], cmd, env)
    _, status, usage = os.wait4(pid, 0)
    secs = time.perf_counter() - t0
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"failed: {' '.join(cmd)}")
    return secs, usage.ru_maxrss


def best(cmd, env, runs):
    results = [run_timed(cmd, env) for _ in range(runs)]
    return min(r[0] for r in results), max(r[1] for r in results)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("build")
    ap.add_argument("--mib", type=int, default=64)
    ap.add_argument("--runs", type=int, default=3)
    a = ap.parse_args()
    iotsec = os.path.join(a.build, "iotsec")
    work = os.path.join(a.build, "bench-work", "fw")
    os.makedirs(work, exist_ok=True)
    env = dict(os.environ, IOTSEC_PASSPHRASE="bench passphrase")
    key = os.path.join(work, "bench")
    if not os.path.exists(key):
        subprocess.run([iotsec, "fw", "keygen", "--out", key, "--kdf", "interactive"], env=env,
                       check=True, stdout=subprocess.DEVNULL)
    images = {}
    for mib, digest in ((a.mib, "sha256"), (a.mib, "blake2b"), (1, "sha256")):
        payload = os.path.join(work, f"payload-{mib}.bin")
        if not os.path.exists(payload):
            with open(payload, "wb") as f:
                f.write(os.urandom(mib << 20))
        img = os.path.join(work, f"image-{mib}-{digest}.img")
        if os.path.exists(img):
            os.unlink(img)
        subprocess.run([iotsec, "fw", "sign", "--key", key, "--version", "1.0.0",
                        "--security-counter", "1", "--digest", digest, payload, img], env=env,
                       check=True, stdout=subprocess.DEVNULL)
        images[(mib, digest)] = img
    big = images[(a.mib, "sha256")]
    size = os.path.getsize(big)
    verify = [iotsec, "fw", "verify", "--check-only", "--pubkey", key + ".pub"]
    rows = [
        ("iotsec verify (sha256)", verify + [big]),
        ("iotsec verify (blake2b)", verify + [images[(a.mib, "blake2b")]]),
        ("sha256sum", ["sha256sum", big]),
        ("b2sum", ["b2sum", big]),
    ]
    print(f"firmware verification, {size / 2**20:.1f} MiB image, best of {a.runs}:")
    got = {}
    for name, cmd in rows:
        secs, rss = best(cmd, env, a.runs)
        got[name] = secs
        print(f"  {name:<24} {size / secs / 1e6:8.1f} MB/s {secs * 1e9 / size:6.2f} ns/byte "
              f"peak RSS {rss / 1024:6.1f} MiB")
    print(f"  ratio verify(sha256) / sha256sum time: {got['iotsec verify (sha256)'] / got['sha256sum']:.2f}"
          f"  (verify hashes twice: SHA-256 digest + Ed25519ph SHA-512)")
    print(f"  ratio verify(blake2b) / b2sum time:    {got['iotsec verify (blake2b)'] / got['b2sum']:.2f}")
    _, rss_small = best(verify + [images[(1, "sha256")]], env, 1)
    _, rss_big = best(verify + [big], env, 1)
    print(f"  peak RSS of verify: 1 MiB image {rss_small} KiB, {a.mib} MiB image {rss_big} KiB")
    if rss_big - rss_small > 4096:
        sys.exit("FAIL: verify memory grows with the image size")


if __name__ == "__main__":
    main()
