#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Compares iotsec's nDPI verdicts with ndpiReader's on nDPI's own test captures.

For every capture in DATA/ndpi-tests/pcap, runs Debian's ndpiReader (the same libndpi) and
`iotsec analyze`, pairs flows by protocol and unordered endpoints, and counts how many pairs get
the same protocol name ("TLS.Google"). Fails unless at least --threshold of the paired flows
agree. With --golden it also reports how far both are from the .out files nDPI's newer release
wrote (result/) and from its 4.2 release (result-4.2/). Exit 0 pass, 1 fail, 77 skip.
"""
import argparse, collections, glob, json, os, re, shutil, subprocess, sys, tempfile

LINE = re.compile(r'^\s*\d+\s+(\S+)\s+(\S+)\s+(<->|->)\s+(\S+)\s+\[proto: [0-9.]+/([^\]]+)\]')


def split_ep(ep):
    if ep.startswith('['):
        host, _, port = ep[1:].partition(']:')
        return host, int(port) if port.isdigit() else 0
    if ep.count(':') == 1:
        host, port = ep.split(':')
        return host, int(port) if port.isdigit() else 0
    return ep, 0


def key(proto, a, b):
    return (proto.upper(),) + tuple(sorted([a, b]))


def parse_ndpi_lines(lines):
    flows = collections.defaultdict(list)
    for line in lines:
        m = LINE.match(line)
        if not m:
            continue
        proto, a, _, b, name = m.groups()
        flows[key(proto, split_ep(a), split_ep(b))].append(name)
    return flows


def run_ndpireader(reader, pcap):
    res = subprocess.run([reader, '-i', pcap, '-v', '2', '-q'], capture_output=True, text=True,
                         errors='replace')
    return parse_ndpi_lines(res.stdout.splitlines())


PROTO_NAMES = {'TCP': 'TCP', 'UDP': 'UDP', 'ICMP': 'ICMP', 'IPv6-ICMP': 'ICMPV6'}


def run_iotsec(iotsec, pcap, work):
    out = os.path.join(work, 'out')
    shutil.rmtree(out, ignore_errors=True)
    subprocess.run([iotsec, 'analyze', '-q', '-r', pcap, '-o', out, '--stats.interval=0'],
                   capture_output=True)
    flows = collections.defaultdict(list)
    path = os.path.join(out, 'eve.json')
    if not os.path.exists(path):
        return flows
    with open(path) as f:
        for line in f:
            ev = json.loads(line)
            if ev.get('event_type') != 'flow':
                continue
            proto = PROTO_NAMES.get(ev['proto'], ev['proto'])
            a = (ev['src_ip'], ev.get('src_port', 0))
            b = (ev['dest_ip'], ev.get('dest_port', 0))
            name = ev.get('ndpi', {}).get('protocol', 'Unknown')
            flows[key(proto, a, b)].append(name)
    return flows


def compare(ours, theirs):
    """Pairs flows by key; returns (paired, agreed, list of disagreements)."""
    paired = agreed = 0
    diffs = []
    for k, names in theirs.items():
        if k not in ours:
            continue
        mine = sorted(ours[k])
        other = sorted(names)
        n = min(len(mine), len(other))
        paired += n
        common = sum((collections.Counter(mine) & collections.Counter(other)).values())
        agreed += min(common, n)
        if common < n:
            diffs.append((k, mine, other))
    return paired, agreed, diffs


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--iotsec', required=True)
    ap.add_argument('--ndpireader', default='ndpiReader')
    ap.add_argument('--data', default=os.environ.get('IOTSEC_SHARED_DATA', '../shared/data'))
    ap.add_argument('--threshold', type=float, default=0.99)
    ap.add_argument('--golden', action='store_true', help='also compare with nDPI .out files')
    ap.add_argument('-v', '--verbose', action='store_true')
    args = ap.parse_args()
    pcaps = sorted(glob.glob(os.path.join(args.data, 'ndpi-tests', 'pcap', '*.pcap*')))
    reader = shutil.which(args.ndpireader)
    if not pcaps or reader is None:
        print(f'SKIP: no captures under {args.data}/ndpi-tests/pcap or no ndpiReader')
        return 77
    tot_p = tot_a = 0
    gold = collections.Counter()
    with tempfile.TemporaryDirectory() as work:
        for pcap in pcaps:
            ours = run_iotsec(args.iotsec, pcap, work)
            theirs = run_ndpireader(reader, pcap)
            p, a, diffs = compare(ours, theirs)
            tot_p += p
            tot_a += a
            name = os.path.basename(pcap)
            if diffs and args.verbose:
                for k, mine, other in diffs[:5]:
                    print(f'  {name}: {k}: iotsec {mine} ndpiReader {other}')
            print(f'{name}: {a}/{p} flows agree (iotsec {sum(map(len, ours.values()))} flows, '
                  f'ndpiReader {sum(map(len, theirs.values()))})')
            if args.golden:
                for tag, sub in (('result', 'result'), ('result-4.2', 'result-4.2')):
                    out = os.path.join(args.data, 'ndpi-tests', sub, name + '.out')
                    if not os.path.exists(out):
                        continue
                    with open(out, errors='replace') as f:
                        g = parse_ndpi_lines(f)
                    for who, flows in (('iotsec', ours), ('ndpiReader', theirs)):
                        gp, ga, _ = compare(flows, g)
                        gold[(tag, who, 'paired')] += gp
                        gold[(tag, who, 'agreed')] += ga
    ratio = tot_a / tot_p if tot_p else 0.0
    print(f'TOTAL: {tot_a}/{tot_p} paired flows get the same protocol ({ratio:.4f}), '
          f'threshold {args.threshold}')
    if args.golden:
        for tag in ('result', 'result-4.2'):
            for who in ('iotsec', 'ndpiReader'):
                gp, ga = gold[(tag, who, 'paired')], gold[(tag, who, 'agreed')]
                if gp:
                    print(f'golden {tag}: {who} agrees on {ga}/{gp} paired flows ({ga / gp:.4f})')
    return 0 if tot_p > 0 and ratio >= args.threshold else 1


if __name__ == '__main__':
    sys.exit(main())
