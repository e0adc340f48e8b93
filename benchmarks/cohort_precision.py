#!/usr/bin/env python3
# Compares two cohort results folders row by row (the scenarios.csv each run writes): the first with the plain
# estimator at a fixed count, the second with the conditional estimator and a precision. Prints how many rows of the
# second meet the goal standard error max(0.005, sqrt(p(1-p)/2000)), the scenarios they used, and the z-scores.
# Usage: benchmarks/cohort_precision.py RESULTS_PLAIN RESULTS_CONDITIONAL
import csv, math, sys
def load(d):
    rows = {}
    with open(d + "/scenarios.csv") as f:
        for r in csv.DictReader(f):
            rows[(r["patient_id"], r["target_name"], r["regimen"], r["margin_mm"])] = r
    return rows
a = load(sys.argv[1]); b = load(sys.argv[2])
n = ok = 0; worst = 0; used = []; zs = []
for k, pa in a.items():
    pb = b[k]
    p = float(pa["p_miss_d95"]); goal = max(0.005, math.sqrt(p * (1 - p) / 2000))
    se = float(pb["p_miss_d95_se"]); n += 1
    # the goal at the new row's own estimate, as the stopping rule reads it
    pq = float(pb["p_miss_d95"]); goal_b = max(0.005, math.sqrt(pq * (1 - pq) / 2000))
    if se <= goal_b + 1e-12: ok += 1
    worst = max(worst, se / goal)
    used.append(int(pb["scenarios_used"]))
    s = math.hypot(float(pa["p_miss_d95_se"]), se)
    if s > 0: zs.append((pq - p) / s)
print(f"rows {n}; conditional rows meeting the goal SE at their own estimate: {ok}; largest SE / goal at the plain estimate: {worst:.2f}")
print(f"scenarios used: mean {sum(used)/len(used):.0f}, min {min(used)}, max {max(used)}; plain rows 2000")
print(f"z (conditional − plain, same target seed): RMS {math.sqrt(sum(z*z for z in zs)/len(zs)):.2f}, max |z| {max(abs(z) for z in zs):.2f}")
