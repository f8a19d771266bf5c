#!/usr/bin/env python3
"""Behavioural anomaly detection against the simulator's ground truth.

1. A benign network (seed 1, an hour) teaches the detector: map, train and calibrate phases,
   then detection on the rest; the model is saved. The false-positive rate measured on the
   packets after calibration is compared with the configured one.
2. The same network with a Mirai infection (seed 1, five minutes) is scored with the loaded
   model. A packet is an attack packet when the infected device sends it during one of its
   attack phases. Prints ROC AUC and the true-positive rates at 0.1% and 1% false positives,
   and whether each attack phase had packets over the device's threshold.
3. Every behaviour event validates against the EVE schema and carries its explanation.

Exit 0 when the measured values meet the floors given on the command line."""
import argparse
import json
import os
import shutil
import subprocess
import sys


def run(cmd):
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if r.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed ({r.returncode}):\n{r.stderr}")
    return r.stdout


def read_scores(path):
    rows = []
    for line in open(path):
        num, t, score, thr, mac = line.split()
        rows.append((int(num), float(t), float(score), float(thr), mac))
    return rows


def auc(pos, neg):
    """Mann-Whitney: the chance that an attack packet outscores a benign one (ties half)."""
    allv = sorted([(s, 1) for s in pos] + [(s, 0) for s in neg])
    rank_sum, i = 0.0, 0
    while i < len(allv):
        j = i
        while j < len(allv) and allv[j][0] == allv[i][0]:
            j += 1
        r = (i + 1 + j) / 2  # average rank of the tie group (1-based)
        rank_sum += r * sum(1 for k in range(i, j) if allv[k][1])
        i = j
    n1, n0 = len(pos), len(neg)
    return (rank_sum - n1 * (n1 + 1) / 2) / (n1 * n0)


def tpr_at(pos, neg, fpr):
    neg_sorted = sorted(neg, reverse=True)
    k = int(fpr * len(neg_sorted))
    cut = neg_sorted[k] if k < len(neg_sorted) else float("-inf")
    return sum(1 for s in pos if s > cut) / len(pos)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--iotsec", required=True)
    ap.add_argument("--sim", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--min-auc", type=float, default=0.0)
    ap.add_argument("--fpr-factor", type=float, default=0.0, help="measured FPR within this factor")
    ap.add_argument("--schema", default=None)
    a = ap.parse_args()
    os.makedirs(a.work, exist_ok=True)
    w = lambda n: os.path.join(a.work, n)
    opts = ["--seed=7", "--anomaly.behaviour.enabled=1", "--anomaly.behaviour.map-packets=5000",
            "--anomaly.behaviour.train-packets=40000", "--anomaly.behaviour.calibrate-packets=25000",
            "--anomaly.behaviour.fpr-ppm=1000", f"--anomaly.behaviour.model={w('model.bin')}"]
    if os.path.exists(w("model.bin")):
        os.unlink(w("model.bin"))

    run([a.sim, "--out", w("benign.pcap"), "--scenario", "benign", "--seed", "1", "--duration", "3600"])
    run([a.iotsec, "analyze", "-q", "-r", w("benign.pcap"), "-o", w("out-benign"), *opts,
         f"--anomaly.behaviour.scores={w('benign.scores')}"])
    rows = read_scores(w("benign.scores"))
    detect = [r for r in rows if r[3] > 0]
    fp = sum(1 for r in detect if r[2] > r[3])
    fpr = fp / len(detect)
    print(f"benign: {len(rows)} packets scored, {len(detect)} after calibration, {fp} over the "
          f"threshold: false-positive rate {fpr:.4%} (configured 0.1000%)")

    run([a.sim, "--out", w("mirai.pcap"), "--scenario", "mirai", "--seed", "1", "--duration", "300"])
    shutil.copy(w("model.bin"), w("model2.bin"))
    run([a.iotsec, "analyze", "-q", "-r", w("mirai.pcap"), "-o", w("out-mirai"), *opts,
         f"--anomaly.behaviour.scores={w('mirai.scores')}"])
    truth = json.load(open(w("mirai.truth.json")))
    infected = {x["source_mac"] for x in truth["attacks"] if x.get("source_mac")}
    phases = [x for x in truth["attacks"] if x.get("source_mac") in infected]
    rows = read_scores(w("mirai.scores"))

    def attacking(r):
        return r[4] in infected and any(p["start"] <= r[1] <= p["end"] for p in phases)

    pos = [r[2] for r in rows if attacking(r)]
    neg = [r[2] for r in rows if not attacking(r)]
    roc = auc(pos, neg)
    t01, t1 = tpr_at(pos, neg, 0.001), tpr_at(pos, neg, 0.01)
    print(f"mirai: {len(pos)} attack packets, {len(neg)} others; ROC AUC {roc:.4f}; "
          f"TPR {t01:.2%} at 0.1% FPR, {t1:.2%} at 1% FPR")
    flagged_all = True
    for p in phases:
        over = sum(1 for r in rows if r[4] == p["source_mac"] and p["start"] <= r[1] <= p["end"]
                   and r[2] > r[3])
        total = sum(1 for r in rows if r[4] == p["source_mac"] and p["start"] <= r[1] <= p["end"])
        print(f"  {p['kind']:18s} {over:6d} of {total:6d} packets over the device's threshold")
        flagged_all &= over > 0

    # Same capture, same model, same seed: the same bytes. (Each run saves the model at its
    # end, so the second run gets a copy of the model the first one started from.)
    opts2 = [o if not o.startswith("--anomaly.behaviour.model=") else f"--anomaly.behaviour.model={w('model2.bin')}" for o in opts]
    run([a.iotsec, "analyze", "-q", "-r", w("mirai.pcap"), "-o", w("out-mirai2"), *opts2])
    same = open(w("out-mirai/eve.json"), "rb").read() == open(w("out-mirai2/eve.json"), "rb").read()
    print(f"  a second run with the same seed gives {'the same' if same else 'DIFFERENT'} EVE bytes")

    events = [json.loads(l) for l in open(w("out-mirai/eve.json"))]
    beh = [e for e in events if e.get("event_type") == "anomaly" and e["anomaly"]["type"] == "behaviour"]
    print(f"  {len(beh)} behaviour events; first: {beh[0]['explanation'] if beh else '-'}")
    ok = True
    if a.schema:
        import jsonschema
        schema = json.load(open(a.schema))
        for e in beh:
            jsonschema.validate(e, schema)
    if not beh or not all(e.get("explanation") and e["anomaly"]["features"] for e in beh):
        print("FAIL: no behaviour event, or one without explanation or features")
        ok = False
    if not same:
        print("FAIL: not deterministic")
        ok = False
    if roc < a.min_auc:
        print(f"FAIL: ROC AUC {roc:.4f} below {a.min_auc}")
        ok = False
    if a.fpr_factor and not (0.001 / a.fpr_factor <= fpr <= 0.001 * a.fpr_factor):
        print(f"FAIL: false-positive rate {fpr:.4%} not within a factor {a.fpr_factor} of 0.1%")
        ok = False
    if not flagged_all:
        print("FAIL: an attack phase of the infected device had no packet over its threshold")
        ok = False
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
