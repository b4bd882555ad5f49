package org.eirnn.task.pycog;

import java.util.Arrays;
import java.util.Comparator;
import java.util.function.ToDoubleFunction;

/** Nelder–Mead minimisation for small, smooth problems (the psychometric fit's two parameters). */
final class Simplex {
    private static final int MAX_ITERATIONS = 5000;
    private static final double TOLERANCE = 1e-14;

    private Simplex() {
    }

    /** The minimum of f near {@code start}, the initial simplex spread by {@code step} per coordinate. */
    static double[] minimise(ToDoubleFunction<double[]> f, double[] start, double[] step) {
        int d = start.length;
        double[][] p = new double[d + 1][];
        double[] v = new double[d + 1];
        for (int k = 0; k <= d; k++) {
            p[k] = start.clone();
            if (k > 0) {
                p[k][k - 1] += step[k - 1];
            }
            v[k] = f.applyAsDouble(p[k]);
        }
        for (int it = 0; it < MAX_ITERATIONS; it++) {
            Integer[] order = sortedIndices(v);
            int best = order[0];
            int worst = order[d];
            if (Math.abs(v[worst] - v[best]) <= TOLERANCE * (Math.abs(v[best]) + TOLERANCE)) {
                break;
            }
            double[] centroid = new double[d];
            for (int k = 0; k < d; k++) {
                for (int j = 0; j < d; j++) {
                    centroid[j] += p[order[k]][j] / d;
                }
            }
            double[] reflected = towards(centroid, p[worst], -1);
            double fr = f.applyAsDouble(reflected);
            if (fr < v[best]) {
                double[] expanded = towards(centroid, p[worst], -2);
                double fe = f.applyAsDouble(expanded);
                set(p, v, worst, fe < fr ? expanded : reflected, Math.min(fe, fr));
            } else if (fr < v[order[d - 1]]) {
                set(p, v, worst, reflected, fr);
            } else {
                double[] contracted = towards(centroid, p[worst], 0.5);
                double fc = f.applyAsDouble(contracted);
                if (fc < v[worst]) {
                    set(p, v, worst, contracted, fc);
                } else {
                    for (int k = 1; k <= d; k++) {
                        int i = order[k];
                        set(p, v, i, towards(p[best], p[i], 0.5), 0);
                        v[i] = f.applyAsDouble(p[i]);
                    }
                }
            }
        }
        return p[sortedIndices(v)[0]];
    }

    /** c + s·(x − c). */
    private static double[] towards(double[] c, double[] x, double s) {
        double[] out = new double[c.length];
        for (int j = 0; j < c.length; j++) {
            out[j] = c[j] + s * (x[j] - c[j]);
        }
        return out;
    }

    private static void set(double[][] p, double[] v, int i, double[] point, double value) {
        p[i] = point;
        v[i] = value;
    }

    private static Integer[] sortedIndices(double[] v) {
        Integer[] idx = new Integer[v.length];
        Arrays.setAll(idx, i -> i);
        Arrays.sort(idx, Comparator.comparingDouble(i -> v[i]));
        return idx;
    }
}
