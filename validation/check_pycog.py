#!/usr/bin/env python3
"""Re-types pycog's Euler runner (pycog/rnn.py RNN.run, spec peers §1.8) in numpy and runs it from an eirnn song2016
model file alone: the effective matrices under pycog's names (Win, Wrec, Wout, brec, bout), alpha, the trained initial
state (eirnn_x0_mean, pycog's x0), the hidden activation, the input baseline and rectification, and the file's own
trial (u, its inputs before conditioning). pycog's loop, noise off:

    x = x0; r = f(x)
    for each step t:  x += alpha * (-x + Wrec r + brec + Win u_t);  r = f(x)
    z = Wout r + bout

It checks the run settings the file must carry (task, dt, tau, noise levels, input baseline: eirnn_task, eirnn_dt_ms,
eirnn_tau_ms, eirnn_sigma_rec, eirnn_sigma_in, eirnn_baseline_in), that alpha = dt/tau, and that the runner's outputs
equal the file's o (all steps, channel 0) — which eirnn computed with the best parameters, the ones the file holds."""
import sys
import numpy as np
import scipy.io

ACT = {"rectify": lambda x: np.maximum(x, 0), "tanh": np.tanh, "rtanh": lambda x: np.maximum(np.tanh(x), 0),
       "linear": lambda x: x, "sigmoid": lambda x: 1 / (1 + np.exp(-x)),
       "softplus": lambda x: np.minimum(np.logaddexp(0, x), 20)}


def scalar(m, name):
    return float(np.asarray(m[name]).reshape(-1)[0])


def run(m):
    f = ACT[str(m["activation"][0])]
    Wrec, Win, Wout = m["Wrec"], m["Win"], m["Wout"]
    brec, bout, alpha = m["brec"][:, 0], m["bout"][:, 0], m["alpha"][:, 0]
    u = m["u"].astype(float)                                   # N_in x T, before pycog's conditioning
    u = u + scalar(m, "eirnn_input_baseline")
    if scalar(m, "eirnn_rectify_inputs"):
        u = np.maximum(u, 0)
    x = m["eirnn_x0_mean"][:, 0].astype(float).copy()
    r = f(x)
    outputs = []
    for t in range(u.shape[1] - 1):                            # eirnn's x_t sees u_{t-1}: pycog's u_t of step t
        x += alpha * (-x + Wrec @ r + brec + Win @ u[:, t])
        r = f(x)
        outputs.append(Wout @ r + bout)
    return np.array(outputs)                                   # (T-1) x N_out


def main(path):
    m = scipy.io.loadmat(path)
    task = str(m["eirnn_task"][0])
    dt, tau = scalar(m, "eirnn_dt_ms"), scalar(m, "eirnn_tau_ms")
    sigma_rec, sigma_in = scalar(m, "eirnn_sigma_rec"), scalar(m, "eirnn_sigma_in")
    baseline = scalar(m, "eirnn_baseline_in")
    alpha = m["alpha"][:, 0]
    if not np.allclose(alpha, dt / tau, rtol=1e-12):
        sys.exit("check_pycog: %s: alpha %s is not dt/tau = %g" % (path, alpha[:3], dt / tau))
    z = run(m)
    o_file = m["o"].reshape(-1).astype(float)                  # channel 0, single precision in the file
    worst = float(np.max(np.abs(z[:, 0] - o_file)))
    scale = max(1.0, float(np.max(np.abs(o_file))))
    if worst > 1e-5 * scale:
        sys.exit("check_pycog: %s: pycog's Euler runner differs from eirnn's outputs by %.3g" % (path, worst))
    print("ok: %s (%s, dt %g ms, tau %g ms, sigma_rec %g, sigma_in %g, baseline %g): pycog's Euler runner "
          "reproduces eirnn's %d outputs from the file alone (max |dz| %.2g)"
          % (path, task, dt, tau, sigma_rec, sigma_in, baseline, len(o_file), worst))


if __name__ == "__main__":
    main(sys.argv[1])
