#!/usr/bin/env python3
"""Loads an eirnn model file with scipy.io.loadmat (as spikeRNN's Python code does) and checks it against spec
section 2.7 (dtype and shape of every variable, from spec27.tsv) and section 11 (invariants), evaluates the effective
recurrent matrix (w @ m) * som_m and checks the stored trajectories against the rate equation (section 2.2).

usage: check_model.py FILE N N_IN T      (exit status 1 on the first failure)
"""
import os
import sys
import warnings

import numpy as np
import scipy.io

# MATLAB class -> what scipy.io.loadmat returns (logical arrays come back as uint8).
DTYPES = {"single": np.float32, "double": np.float64, "int64": np.int64, "logical": np.uint8}


def expect(ok, what):
    if not ok:
        sys.exit("scipy: spec check failed: " + what)


def check(path, n_expected, nin_expected, t_expected):
    # save -append of an existing name leaves two copies; like MATLAB, the last one counts.
    warnings.filterwarnings("ignore", message="Duplicate variable name")
    s = scipy.io.loadmat(path)
    n = int(s["N"][0, 0])
    nin = s["w_in"].shape[1]
    t = s["u"].shape[1]
    sizes = {"N": n, "NIN": nin, "T": t, "E": s["eval_os"].shape[0], "L": s["losses"].size, "K": s["taus"].size}
    expect((n, nin, t) == (n_expected, nin_expected, t_expected),
           f"N, N_in, T = {n}, {nin}, {t}; expected {n_expected}, {nin_expected}, {t_expected}")

    # Section 2.7: dtypes and shapes (scipy keeps trailing singleton dimensions).
    table = os.path.join(os.path.dirname(os.path.abspath(__file__)), "spec27.tsv")
    for line in open(table, encoding="utf-8"):
        if not line.strip() or line.startswith("#"):
            continue
        name, cls, dims = line.rstrip("\n").split("\t")
        expect(name in s, "missing variable " + name)
        v = s[name]
        if cls == "labels":
            if v.dtype.kind == "U":
                expect(v.shape == (sizes["E"],) and set(v) <= {"same", "diff"}, "eval_labels: E strings same/diff")
            else:
                expect(v.dtype.kind == "f" and v.dtype.itemsize == 8 and v.shape == (1, sizes["E"]),
                       "eval_labels: float64 (1, E)")
            continue
        if cls == "char":
            expect(v.dtype.kind == "U" and v.shape == (1,), f"{name} is {v.dtype} {v.shape}, expected a string")
            continue
        want_type = np.dtype(DTYPES[cls])  # either byte order: MatFileRW writes big-endian, scipy native
        expect((v.dtype.kind, v.dtype.itemsize) == (want_type.kind, want_type.itemsize),
               f"{name} is {v.dtype}, expected {want_type} ({cls})")
        want = tuple(eval(d, {}, dict(sizes)) for d in dims.split(","))
        expect(v.shape == want, f"{name} has shape {v.shape}, expected {want}")

    # Section 11: signs, E/I flags and the SOM mask.
    m = s["m"].astype(np.float64)
    inh = s["inh"][:, 0].astype(bool)
    exc = s["exc"][:, 0].astype(bool)
    expect(np.array_equal(m, np.diag(np.diag(m))), "m is not diagonal")
    expect(np.all(np.diag(m)[inh] == -1) and np.all(np.diag(m)[exc] == 1), "m_ii = -1 exactly for inhibitory units")
    expect(np.array_equal(exc, ~inh), "exc = ~inh")
    inh_idx = np.flatnonzero(inh)
    som_expected = np.ones((n, n))
    som_expected[np.ix_(inh_idx[: int(s["som_N"][0, 0])], inh_idx)] = 0
    expect(np.array_equal(s["som_m"], som_expected), "som_m zero exactly at SOM rows x inhibitory columns")
    dale = bool(s["eirnn_apply_dale"][0, 0]) if "eirnn_apply_dale" in s else bool(inh.any())

    w = s["w"]
    big_w = (w @ s["m"]) * s["som_m"]  # float32, like MATLAB's single arithmetic in LIF_network_fnc.m
    if dale:
        expect(np.all(w >= 0), "with Dale the stored w is relu(w) >= 0")
        expect(np.all(big_w[:, inh] <= 0) and np.all(big_w[:, exc] >= 0), "column signs of (w*m).*som_m follow Dale")
        expect(np.all(w[s["w0"] == 0] == 0), "zero pattern of w0 preserved in w")
    if "eirnn_exact_w" in s:
        wd = np.maximum(s["eirnn_exact_w"], 0) if dale else s["eirnn_exact_w"]
        exact = (wd @ m) * s["som_m"]
        expect(np.max(np.abs(big_w - exact)) <= 4 * np.finfo(np.float32).eps * np.max(np.abs(exact)),
               "single W matches exact W")

    # Section 2.2: time constants and the rate equation on the stored trajectories.
    taus = s["taus"][0]
    if taus.size == 2:
        tau = 1 / (1 + np.exp(-s["taus_gaus"].astype(np.float64))) * (taus[1] - taus[0]) + taus[0]
        expect(np.all((tau > taus[0]) & (tau < taus[1])), "tau strictly inside (tau_min, tau_max)")
    else:
        tau = np.full((n, 1), taus[0])
    if s["activation"][0] == "sigmoid" and s["x"].shape[0] == t:
        x = s["x"][:, :, 0].T.astype(np.float64)
        r = s["r"][:, :, 0].T.astype(np.float64)
        expect(np.max(np.abs(r - 1 / (1 + np.exp(-x)))) < 1e-6, "r = sigmoid(x) at every step")
        o = s["w_out"].astype(np.float64) @ r[:, 1:] + float(s["b_out"][0, 0])
        expect(np.max(np.abs(o.ravel() - s["o"].ravel())) < 1e-5, "o[k] = w_out r[:, k+1] + b_out")
        drive = big_w.astype(np.float64) @ r[:, :-1] + s["w_in"].astype(np.float64) @ s["u"][:, :-1]
        residual = x[:, 1:] - ((1 - 1 / tau) * x[:, :-1] + (1 / tau) * drive)
        expect(abs(residual.std() - 0.1) < 0.01 and abs(residual.mean()) < 0.01,
               f"rate-equation residual is the noise N(0, 0.1^2): mean {residual.mean():.4f} sd {residual.std():.4f}")
    print(f"scipy: {path} OK ({sum(not k.startswith('__') for k in s)} variables, N={n}, T={t})")


if __name__ == "__main__":
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    check(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]))
