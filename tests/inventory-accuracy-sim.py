#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Inventory accuracy against the simulator's ground truth: a benign network of --devices
devices, analysed by iotsec; every device in the truth is looked up by MAC in inventory.json.
Prints kind and vendor accuracy and per-kind precision and recall; exits 1 when kind accuracy
is under --min-kind or vendor accuracy under --min-vendor."""
import argparse, collections, json, os, subprocess, sys, tempfile


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--iotsec', required=True)
    ap.add_argument('--sim', required=True)
    ap.add_argument('--devices', type=int, default=200)
    ap.add_argument('--duration', type=int, default=300)
    ap.add_argument('--seed', type=int, default=11)
    ap.add_argument('--min-kind', type=float, default=0.95)
    ap.add_argument('--min-vendor', type=float, default=0.98)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as work:
        pcap = os.path.join(work, 'net.pcap')
        subprocess.run([args.sim, '--scenario', 'benign', '--seed', str(args.seed), '--devices',
                        str(args.devices), '--duration', str(args.duration), '--out', pcap],
                       check=True, stdout=subprocess.DEVNULL)
        subprocess.run([args.iotsec, 'analyze', '-q', '-r', pcap, '-o', os.path.join(work, 'out'),
                        '--stats.interval=0'], check=True)
        truth = json.load(open(os.path.join(work, 'net.truth.json')))['devices']
        inv = {d['mac']: d for d in json.load(open(os.path.join(work, 'out', 'inventory.json')))
               ['devices'] if 'mac' in d}
    right = collections.Counter()
    tp, fp, fn = collections.Counter(), collections.Counter(), collections.Counter()
    misses = collections.Counter()
    for d in truth:
        got = inv.get(d['mac'], {})
        for attr in ('kind', 'vendor'):
            want = d[attr]
            have = got.get(attr, {}).get('value', '')
            if have.lower() == want.lower():
                right[attr] += 1
            else:
                misses[(attr, want, have or '-')] += 1
        have_kind = got.get('kind', {}).get('value', 'unknown')
        if have_kind == d['kind']:
            tp[d['kind']] += 1
        else:
            fn[d['kind']] += 1
            fp[have_kind] += 1
    n = len(truth)
    kind_acc, vendor_acc = right['kind'] / n, right['vendor'] / n
    print(f'{n} devices: kind accuracy {kind_acc:.4f}, vendor accuracy {vendor_acc:.4f}')
    print(f'{"kind":<12} {"precision":>9} {"recall":>7} {"n":>4}')
    for k in sorted(set(tp) | set(fn) | set(fp)):
        p = tp[k] / (tp[k] + fp[k]) if tp[k] + fp[k] else 0.0
        r = tp[k] / (tp[k] + fn[k]) if tp[k] + fn[k] else 0.0
        print(f'{k:<12} {p:>9.3f} {r:>7.3f} {tp[k] + fn[k]:>4}')
    for (attr, want, have), c in misses.most_common(10):
        print(f'  miss: {attr} {want!r} -> {have!r} x{c}')
    ok = kind_acc >= args.min_kind and vendor_acc >= args.min_vendor
    print(('PASS' if ok else 'FAIL') + f': thresholds kind {args.min_kind}, vendor {args.min_vendor}')
    return 0 if ok else 1


if __name__ == '__main__':
    sys.exit(main())
