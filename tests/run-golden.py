#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Runs one golden end-to-end test folder (tests/golden/<name>/test.json), suricata-verify style.

test.json:
  "input":   {"sim": {"scenario": "mirai", "seed": 7, "packets": 20000}}   generated capture
          or {"file": "input.pcap"}                                          file in the folder
          or {"shared": "ndpi-tests/pcap/mqtt.pcap", "sha256": "..."}      ../shared/data (skips if absent)
          or {"bytes": "hex"}                                                 raw file bytes (malformed input)
          or {"script": "make-input.py"}      a generator in the folder, called with the output path
  "args":    extra iotsec analyze arguments
  "exit":    expected exit code (default 0)
  "stderr":  substring expected on standard error
  "checks":  [{"filter": {"event_type": "flow", "app_proto": "tls"}, "count": 3,
               "match": {"flow.state": "closed"},
               "sum": {"path": "flow.pkts_toserver", "value": 10000}}]   dotted paths; a value may be
               {"gt": n}, {"ge": n}, {"lt": n}, {"has": true}, {"len": n}
  "compare": "expected/eve.json"  the whole EVE output, byte for byte; IOT_UPDATE_GOLDEN=1 rewrites
  "compare_mask": ["memuse"]  object keys whose numeric values the comparison ignores (they follow
               the sizes of our structs, not behaviour; bound them with a check instead)
  "inventory": [{"mac": "aa:bb:..", "kind": "phone", "vendor": "Apple", "model": "~iPhone"}]
               devices expected in DIR/inventory.json: each named attribute's final value (kind,
               vendor, model, os, firmware) must be equal (case-insensitive), or contain the text
               after "~"; null means "no verdict"; "findings": ["outdated-firmware"] lists the
               types of the device's findings, in order ([] for none)
Every EVE line is validated against tests/schema/eve.schema.json. Exit 0 pass, 1 fail, 77 skip.
"""
import argparse, hashlib, json, os, re, subprocess, sys

SKIP = 77
MISSING = object()


def get_path(obj, path):
    for part in path.split('.'):
        if isinstance(obj, dict) and part in obj:
            obj = obj[part]
        elif isinstance(obj, list) and part.isdigit() and int(part) < len(obj):
            obj = obj[int(part)]
        else:
            return MISSING
    return obj


def value_ok(actual, want):
    if isinstance(want, dict) and want and set(want) <= {'gt', 'ge', 'lt', 'le', 'has', 'len'}:
        if 'has' in want:
            return (actual is not MISSING) == bool(want['has'])
        if actual is MISSING:
            return False
        if 'len' in want:
            return hasattr(actual, '__len__') and len(actual) == want['len']
        ops = {'gt': lambda a, b: a > b, 'ge': lambda a, b: a >= b,
               'lt': lambda a, b: a < b, 'le': lambda a, b: a <= b}
        return all(isinstance(actual, (int, float)) and ops[k](actual, v) for k, v in want.items())
    return actual == want


def matches(ev, conds):
    return all(value_ok(get_path(ev, k), v) for k, v in conds.items())


def check_inventory(path, expected):
    """Compares expected devices with the final verdicts in inventory.json."""
    if not os.path.isfile(path):
        return [f'{path} not written']
    with open(path) as f:
        devices = {d.get('mac'): d for d in json.load(f)['devices']}
    failures = []
    for exp in expected:
        dev = devices.get(exp['mac'])
        if dev is None:
            failures.append(f'inventory: no device {exp["mac"]}')
            continue
        if 'findings' in exp:
            got = [f.get('type') for f in dev.get('findings', [])]
            if got != exp['findings']:
                failures.append(f'inventory {exp["mac"]}: findings {got}, want {exp["findings"]}')
        for attr in ('kind', 'vendor', 'model', 'os', 'firmware'):
            if attr not in exp:
                continue
            want = exp[attr]
            got = dev.get(attr, {}).get('value') if isinstance(dev.get(attr), dict) else None
            if want is None:
                ok = got is None
            elif want.startswith('~'):
                ok = got is not None and want[1:].lower() in got.lower()
            else:
                ok = got is not None and got.lower() == want.lower()
            if not ok:
                failures.append(f'inventory: {exp["mac"]} {attr} is {got!r}, expected {want!r}')
    return failures


def prepare_input(spec, test_dir, work, args):
    inp = spec['input']
    if 'file' in inp:
        return os.path.join(test_dir, inp['file'])
    if 'script' in inp:
        # A generator in the test folder writes the capture: for inputs too big or too odd
        # to keep as bytes (jumbograms, damaged headers).
        path = os.path.join(work, 'input.pcap')
        subprocess.run([sys.executable, os.path.join(test_dir, inp['script']), path], check=True,
                       env=dict(os.environ, PYTHONPATH=os.path.dirname(os.path.abspath(__file__))))
        return path
    if 'bytes' in inp:
        path = os.path.join(work, 'input.bin')
        with open(path, 'wb') as f:
            f.write(bytes.fromhex(inp['bytes']))
        return path
    if 'shared' in inp:
        root = os.environ.get('IOTSEC_SHARED_DATA', os.path.join(test_dir, '../../../../shared/data'))
        path = os.path.join(root, inp['shared'])
        if not os.path.isfile(path):
            print(f'SKIP: {path} is not there (shared data absent)')
            sys.exit(SKIP)
        if 'sha256' in inp:
            with open(path, 'rb') as f:
                if hashlib.sha256(f.read()).hexdigest() != inp['sha256']:
                    print(f'FAIL: {path} does not have the expected sha256')
                    sys.exit(1)
        return path
    sim = inp['sim']
    path = os.path.join(work, 'input.pcap')
    cmd = [args.sim, '--out', path]
    for k in ('scenario', 'seed', 'packets', 'duration', 'devices', 'start'):
        if k in sim:
            cmd += ['--' + k, str(sim[k])]
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    return path


def load_validator(schema_path):
    try:
        import jsonschema
    except ImportError:
        print('note: python3-jsonschema missing, EVE schema not checked')
        return None
    with open(schema_path) as f:
        schema = json.load(f)
    return jsonschema.Draft7Validator(schema)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--iotsec', required=True)
    ap.add_argument('--sim', required=True)
    ap.add_argument('--work', required=True)
    ap.add_argument('test_dir')
    args = ap.parse_args()
    test_dir = os.path.abspath(args.test_dir)
    name = os.path.basename(test_dir)
    with open(os.path.join(test_dir, 'test.json')) as f:
        spec = json.load(f)
    work = os.path.join(args.work, name)
    os.makedirs(work, exist_ok=True)
    pcap = prepare_input(spec, test_dir, work, args)
    out = os.path.join(work, 'out')
    if os.path.isdir(out):
        for fn in os.listdir(out):
            os.unlink(os.path.join(out, fn))
    cmd = [args.iotsec, 'analyze', '-q', '-r', pcap, '-o', out] + spec.get('args', [])
    res = subprocess.run(cmd, capture_output=True, text=True)
    failures = []
    want_exit = spec.get('exit', 0)
    if res.returncode != want_exit:
        failures.append(f'exit code {res.returncode}, expected {want_exit}; stderr: {res.stderr.strip()}')
    if 'stderr' in spec and spec['stderr'] not in res.stderr:
        failures.append(f'stderr lacks {spec["stderr"]!r}: {res.stderr.strip()!r}')
    eve_path = os.path.join(out, 'eve.json')
    events = []
    if os.path.isfile(eve_path):
        with open(eve_path) as f:
            for n, line in enumerate(f, 1):
                try:
                    events.append(json.loads(line))
                except json.JSONDecodeError as e:
                    failures.append(f'eve.json:{n}: not JSON: {e}')
    elif spec.get('checks') or spec.get('compare'):
        failures.append('no eve.json written')
    validator = load_validator(os.path.join(os.path.dirname(__file__), 'schema', 'eve.schema.json'))
    if validator is not None:
        for n, ev in enumerate(events, 1):
            for err in validator.iter_errors(ev):
                failures.append(f'eve.json:{n}: schema: {err.message} at {list(err.absolute_path)}')
                break
    for i, chk in enumerate(spec.get('checks', [])):
        sel = [e for e in events if matches(e, chk.get('filter', {}))]
        if 'sum' in chk:
            # Sum of a numeric field over the selected events, e.g. packets over many flows.
            total = sum(v for v in (get_path(e, chk['sum']['path']) for e in sel)
                        if isinstance(v, (int, float)))
            if total != chk['sum']['value']:
                failures.append(f'check {i}: sum of {chk["sum"]["path"]} over {len(sel)} events '
                                f'is {total}, expected {chk["sum"]["value"]}')
        if 'count' in chk and len(sel) != chk['count']:
            failures.append(f'check {i}: {len(sel)} events match {chk.get("filter")}, expected {chk["count"]}')
        for e in sel:
            if 'match' in chk and not matches(e, chk['match']):
                bad = {k: get_path(e, k) for k in chk['match']}
                failures.append(f'check {i}: event does not match {chk["match"]}: has {bad}')
                break
    if 'inventory' in spec:
        failures += check_inventory(os.path.join(out, 'inventory.json'), spec['inventory'])
    if 'compare' in spec:
        exp = os.path.join(test_dir, spec['compare'])
        with open(eve_path, 'rb') as f:
            got = f.read()
        if os.environ.get('IOT_UPDATE_GOLDEN') == '1':
            os.makedirs(os.path.dirname(exp), exist_ok=True)
            with open(exp, 'wb') as f:
                f.write(got)
            print(f'updated {exp}')
        elif not os.path.isfile(exp):
            failures.append(f'{exp} missing (IOT_UPDATE_GOLDEN=1 creates it)')
        else:
            with open(exp, 'rb') as f:
                want = f.read()
            for key in spec.get('compare_mask', []):
                pat = re.compile(b'"(' + re.escape(key.encode()) + b')":[0-9]+')
                got, want = pat.sub(b'"\\1":"*"', got), pat.sub(b'"\\1":"*"', want)
            if got != want:
                gl, wl = got.splitlines(), want.splitlines()
                first = next((k for k in range(min(len(gl), len(wl))) if gl[k] != wl[k]), min(len(gl), len(wl)))
                failures.append(f'eve.json differs from {spec["compare"]} at line {first + 1} '
                                f'({len(gl)} lines vs {len(wl)} expected):\n  got:  '
                                f'{gl[first][:300] if first < len(gl) else "<eof>"!s}\n  want: '
                                f'{wl[first][:300] if first < len(wl) else "<eof>"!s}')
    if failures:
        print(f'FAIL {name}:')
        for fl in failures:
            print('  ' + fl)
        return 1
    print(f'PASS {name}: {len(events)} events, {len(spec.get("checks", []))} checks')
    return 0


if __name__ == '__main__':
    sys.exit(main())
