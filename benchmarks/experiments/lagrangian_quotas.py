#!/usr/bin/env python3
"""Experiment for issue 9 (not part of the tool): how far a Lagrangian bound with every side row dualised
gets, and how many pairs reduced-cost fixing would then remove.

Reads the model of `plan export DIR --lp MODEL.lp` with highspy; rows named C1_* (posts) and C2_* (cadres)
stay, every other row is dualised; the subproblem is a rectangular assignment (scipy's
linear_sum_assignment on a dense matrix, release/idle columns as the cost of a cadre left unmatched);
Polyak subgradient steps towards the known optimum OPTIMUM. Then HiGHS solves the assignment LP at the best
multipliers for its reduced costs, and the pairs within the gap are counted.

    plan export benchmarks/work/hard-1125-quotas --lp /tmp/q.lp
    python3 benchmarks/experiments/lagrangian_quotas.py /tmp/q.lp 90796.0 250

Needs numpy, scipy and highspy (pip install highspy). Measured 2026-12-04 on hard-1125-quotas: see
RESULTS.md, "Hard family: a Lagrangian bound over the side rows (experiment)".
"""
import sys, time, re
import numpy as np
import highspy
from scipy.optimize import linear_sum_assignment

path, zstar = sys.argv[1], float(sys.argv[2])
iters = int(sys.argv[3]) if len(sys.argv) > 3 else 150
t0 = time.time()
h = highspy.Highs()
h.setOptionValue("output_flag", False)
h.readModel(path)
lp = h.getLp()
A = lp.a_matrix_
ncol, nrow = lp.num_col_, lp.num_row_
cost = np.array(lp.col_cost_)
rl, ru = np.array(lp.row_lower_), np.array(lp.row_upper_)
cnames, rnames = list(lp.col_names_), list(lp.row_names_)
start, index, value = np.array(A.start_), np.array(A.index_), np.array(A.value_)
offset = lp.offset_
print(f"read {time.time()-t0:.1f}s: {ncol} columns, {nrow} rows, offset {offset}")

kind = []
for n in rnames:
    kind.append("C1" if n.startswith("C1_") else "C2" if n.startswith("C2_") else "side")
kind = np.array(kind)
side = np.where(kind == "side")[0]
post_of_row = {i: k for k, i in enumerate(np.where(kind == "C1")[0])}
cadre_of_row = {i: k for k, i in enumerate(np.where(kind == "C2")[0])}
P, C = len(post_of_row), len(cadre_of_row)
# Columns: pairs (one C1 row and one C2 row) or slacks (a C2 row only).
pair_post = np.full(ncol, -1); pair_cadre = np.full(ncol, -1)
slack_of_cadre = np.full(C, -1)
side_rows_of = [None] * ncol
for j in range(ncol):
    rows = index[start[j]:start[j + 1]]; vals = value[start[j]:start[j + 1]]
    p = [post_of_row[r] for r in rows if r in post_of_row]
    c = [cadre_of_row[r] for r in rows if r in cadre_of_row]
    side_rows_of[j] = [(r, v) for r, v in zip(rows, vals) if kind[r] == "side"]
    if p and c: pair_post[j], pair_cadre[j] = p[0], c[0]
    elif c: slack_of_cadre[c[0]] = j
pairs = np.where(pair_post >= 0)[0]
print(f"{P} posts, {C} cadres, {len(pairs)} pairs, {len(side)} side rows, slacks {np.sum(slack_of_cadre >= 0)}; C2 bounds {set(zip(rl[list(cadre_of_row)], ru[list(cadre_of_row)]))}")
# Side matrix as dense per column list -> sparse arrays
side_idx = {r: k for k, r in enumerate(side)}
S = len(side)
from scipy.sparse import csc_matrix
rows_, cols_, vals_ = [], [], []
for j in range(ncol):
    for r, v in side_rows_of[j]:
        rows_.append(side_idx[r]); cols_.append(j); vals_.append(v)
AS = csc_matrix((vals_, (rows_, cols_)), shape=(S, ncol))
sl, su = rl[side], ru[side]
has_l = sl > -1e20; has_u = su < 1e20
print("side rows:", [(rnames[r], sl[k] if has_l[k] else None, su[k] if has_u[k] else None) for k, r in enumerate(side)][:8], "…")

BIG = 1e9
def lagrangian(mu):
    # mu >= 0 per side row; sign: >= rows contribute mu*(l - Ax), <= rows mu*(Ax - u).
    sign = np.where(has_l & ~has_u, -1.0, np.where(has_u & ~has_l, 1.0, 0.0))
    w = mu * sign  # rc_j = c_j + sum_i w_i a_ij
    rc = cost + AS.T @ w
    const = np.sum(mu * np.where(sign < 0, sl, 0)) - np.sum(mu * np.where(sign > 0, su, 0))
    slack_rc = np.where(slack_of_cadre >= 0, rc[np.maximum(slack_of_cadre, 0)], 0.0)
    M = np.full((P, C), BIG)
    M[pair_post[pairs], pair_cadre[pairs]] = rc[pairs] - slack_rc[pair_cadre[pairs]]
    r, c = linear_sum_assignment(M)
    x = np.zeros(ncol)
    colmap = {}
    val = const + np.sum(slack_rc) + M[r, c].sum()
    chosen = np.zeros(C, bool); chosen[c] = True
    # primal x
    lookup = {(pp, cc): j for j, pp, cc in zip(pairs, pair_post[pairs], pair_cadre[pairs])}
    for pp, cc in zip(r, c): x[lookup[(pp, cc)]] = 1
    for cc in range(C):
        if not chosen[cc] and slack_of_cadre[cc] >= 0: x[slack_of_cadre[cc]] = 1
    act = AS @ x
    g = np.where(sign < 0, sl - act, np.where(sign > 0, act - su, 0.0))
    return val + offset, g, x, rc, slack_rc

mu = np.zeros(S)
best, best_mu = -np.inf, mu.copy()
theta = 1.0; stall = 0
t1 = time.time()
for it in range(iters):
    L, g, x, rc, slack_rc = lagrangian(mu)
    if L > best + 1e-6: best, best_mu, stall = L, mu.copy(), 0
    else:
        stall += 1
        if stall >= 8: theta *= 0.5; stall = 0
    norm = float(g @ g)
    if it % 10 == 0 or it == iters - 1:
        print(f"it {it:3d} L {L:.2f} best {best:.2f} gap {zstar - best:.2f} |g|² {norm:.0f} theta {theta:.3g} t {time.time()-t1:.1f}s", flush=True)
    if norm == 0 or theta < 1e-4: break
    mu = np.maximum(0, mu + theta * (zstar - L) / norm * g)
print(f"best Lagrangian bound {best:.3f} against z* {zstar} (gap {zstar - best:.3f}); {time.time()-t1:.1f}s for {it+1} steps")

# Reduced-cost fixing at best_mu: LP duals of the assignment (HiGHS on the assignment LP with rc costs).
L, g, x, rc, slack_rc = lagrangian(best_mu)
a = highspy.Highs(); a.setOptionValue("output_flag", False)
inf = highspy.kHighsInf
# Assignment LP: columns = pairs + slacks; rows = posts (=1) and cadres (C2 bounds).
cols = list(pairs) + [j for j in slack_of_cadre if j >= 0]
a.addVars(len(cols), np.zeros(len(cols)), np.ones(len(cols)))
a.changeColsCost(len(cols), np.arange(len(cols), dtype=np.int32), rc[cols])
for k, r in enumerate(post_of_row):
    pass
# rows
c1_rows = list(post_of_row.keys()); c2_rows = list(cadre_of_row.keys())
rowpos = {r: k for k, r in enumerate(c1_rows + c2_rows)}
a.addRows(len(rowpos), rl[c1_rows + c2_rows], ru[c1_rows + c2_rows], 0, np.array([0], dtype=np.int32), np.array([], dtype=np.int32), np.array([]))
idx, val_, rowsel = [], [], []
for k, j in enumerate(cols):
    for r, v in zip(index[start[j]:start[j + 1]], value[start[j]:start[j + 1]]):
        if r in rowpos:
            a.changeCoeff(rowpos[r], k, v)
t2 = time.time()
a.run()
sol = a.getSolution(); info = a.getInfo()
lpval = info.objective_function_value
dual = np.array(sol.row_dual)
print(f"assignment LP {lpval + np.sum(np.where((has_l & ~has_u), best_mu * sl, 0)) - np.sum(np.where((has_u & ~has_l), best_mu * su, 0)) + offset:.3f} (should be the bound) in {time.time()-t2:.1f}s")
col_dual_rc = np.array(sol.col_dual)
slack = zstar - best
survive = np.sum(col_dual_rc[:len(pairs)] <= slack + 1e-6)
print(f"reduced-cost fixing with slack {slack:.3f}: {survive} of {len(pairs)} pairs can be in a plan of cost ≤ z* ({100*survive/len(pairs):.1f} %)")
for extra in [0.5, 1, 2, 5, 10]:
    print(f"  at bound gap {slack:.2f}+{extra}: {np.sum(col_dual_rc[:len(pairs)] <= slack + extra)} pairs")
