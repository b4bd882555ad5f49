#!/usr/bin/env python3
"""Runs a model-family network from the pycog-named variables of an eirnn model file alone (numpy, no eirnn):
x_t = (1 - alpha) x_{t-1} + alpha (Wrec f(x_{t-1}) + Win u~_{t-1} + brec),  z_t = g(Wout f(x_t) + bout),
with u~ = [baseline + u]_+ when the file says so, and checks the stored trajectory x and outputs o of the file's
last training trial, which ran with the file's weights and no noise (validation/run trains it so)."""
import sys
import numpy as np
import scipy.io

ACT = {"sigmoid": lambda x: 1 / (1 + np.exp(-x)), "rectify": lambda x: np.maximum(x, 0), "tanh": np.tanh,
       "rtanh": lambda x: np.maximum(np.tanh(x), 0), "linear": lambda x: x,
       "clipped_relu": lambda x: np.clip(x, 0, 20), "softplus": lambda x: np.minimum(np.logaddexp(0, x), 20)}


def text(m, name):
    return str(m[name][0])


def main(path):
    m = scipy.io.loadmat(path)
    f = ACT[text(m, "activation")]
    assert text(m, "eirnn_output_activation") == "linear", "this check runs linear outputs"
    Wrec, Win, Wout = m["Wrec"], m["Win"], m["Wout"]
    brec, bout, alpha = m["brec"][:, 0], m["bout"][:, 0], m["alpha"][:, 0]
    u = m["u"].astype(float)
    if float(m["eirnn_rectify_inputs"][0, 0]) or float(m["eirnn_input_baseline"][0, 0]):
        u = u + float(m["eirnn_input_baseline"][0, 0])
        if float(m["eirnn_rectify_inputs"][0, 0]):
            u = np.maximum(u, 0)
    x_file = m["x"][:, :, 0].astype(float)          # T x N, single precision in the file
    o_file = m["o"].reshape(-1).astype(float)       # T-1 outputs of channel 0
    steps, n = x_file.shape
    x = x_file[0].copy()
    worst_x = worst_o = 0.0
    for t in range(1, steps):
        x = (1 - alpha) * x + alpha * (Wrec @ f(x) + Win @ u[:, t - 1] + brec)
        z = Wout @ f(x) + bout
        worst_x = max(worst_x, float(np.max(np.abs(x - x_file[t]))))
        worst_o = max(worst_o, abs(float(z[0]) - o_file[t - 1]))
        x = x_file[t]                               # continue from the stored state (float32 rounding)
    scale = max(1.0, float(np.max(np.abs(x_file))))
    if worst_x > 1e-5 * scale or worst_o > 1e-5 * scale:
        sys.exit("check_family: %s: numpy's Euler steps differ from the stored trajectory: x %.3g, o %.3g"
                 % (path, worst_x, worst_o))
    print("ok: %s runs from Wrec/Win/Wout/brec/bout/alpha alone (N=%d, T=%d, max |dx| %.2g, |do| %.2g)"
          % (path, n, steps, worst_x, worst_o))


if __name__ == "__main__":
    main(sys.argv[1])
