#!/usr/bin/env python3
"""Writes, with scipy.io.savemat defaults, the files spikeRNN's own code would have written for the network in an
eirnn model file, so that eirnn's importer is checked against real scipy bytes (little-endian, uncompressed):

  OUT_DIR/Task_<task>_N_<N>_Taus_4.0_20.0_Act_sigmoid_tf.mat       TensorFlow layout (spec section 2.7)
  OUT_DIR/Task_<task>_N_<N>_Taus_4.0_20.0_Act_sigmoid_pytorch.mat  PyTorch-port layout (spec section 3 item 6), with
                                                                   NEGATIVES raw weights made negative
  OUT_DIR/Task_<task>_N_<N>_Taus_4.0_20.0_Act_sigmoid_tf_grid.mat  the TensorFlow file after the PyTorch grid search
                                                                   rewrote it via loadmat/savemat (spec section 5.1)

usage: reference_layouts.py EIRNN_FILE OUT_DIR NEGATIVES
"""
import os
import sys

import numpy as np
import scipy.io

TABLE = ["x0", "r0", "w0", "taus_gaus0", "w_in0", "u", "o", "w", "x", "r", "target", "w_out", "m", "som_m", "N",
         "exc", "inh", "w_in", "b_out", "som_N", "losses", "taus", "eval_perf_mean", "eval_loss_mean", "eval_os",
         "eval_labels", "taus_gaus", "tr", "activation"]


def main(path, out_dir, negatives):
    s = scipy.io.loadmat(path)
    task = str(s["eirnn_task"][0])
    n = int(s["N"][0, 0])
    base = os.path.join(out_dir, f"Task_{task}_N_{n}_Taus_4.0_20.0_Act_sigmoid")

    # TensorFlow: the table's variables only; logical flags as numpy bools (savemat writes MATLAB logicals).
    tf = {k: s[k] for k in TABLE}
    tf["exc"] = s["exc"].astype(bool)
    tf["inh"] = s["inh"].astype(bool)
    tf["activation"] = str(s["activation"][0])
    if s["eval_labels"].dtype.kind == "U":
        tf["eval_labels"] = np.array([str(v) for v in s["eval_labels"]])
    scipy.io.savemat(base + "_tf.mat", tf)

    # PyTorch port: everything float64, raw w (some entries negative), one state for x0/r0/x/r, o and target 1×(T−1).
    pt = {k: (np.asarray(v, dtype=np.float64) if isinstance(v, np.ndarray) and v.dtype.kind in "fu" else v)
          for k, v in tf.items()}
    w = pt["w"].copy()
    rows, cols = np.nonzero(w)
    w[rows[:negatives], cols[:negatives]] *= -1
    pt["w"] = w
    pt["x0"] = pt["x0"][0]
    pt["r0"] = pt["r0"][0]
    pt["x"] = pt["x"][-1]
    pt["r"] = pt["r"][-1]
    pt["o"] = pt["o"].reshape(1, -1)
    pt["target"] = pt["target"][:, :-1]
    pt["exc"] = pt["exc"].astype(np.float64)
    pt["inh"] = pt["inh"].astype(np.float64)
    pt["N"] = n
    pt["som_N"] = int(s["som_N"][0, 0])
    pt["tr"] = int(s["tr"][0, 0])
    scipy.io.savemat(base + "_pytorch.mat", pt)

    # PyTorch grid search: loadmat, add the results, savemat the whole dict (exc/inh come back as plain uint8).
    g = {k: v for k, v in scipy.io.loadmat(base + "_tf.mat").items() if not k.startswith("__")}
    g["opt_scaling_factor"] = 30
    g["all_perfs"] = np.linspace(0.5, 0.95, 12).reshape(1, 12)
    g["scaling_factors"] = np.arange(20, 76, 5).reshape(1, 12)
    scipy.io.savemat(base + "_tf_grid.mat", g)
    print(f"scipy: wrote {base}_{{tf,pytorch,tf_grid}}.mat")


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
