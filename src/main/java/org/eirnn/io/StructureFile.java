package org.eirnn.io;

import org.eirnn.InvalidInputException;
import org.eirnn.model.NetworkSpec;
import org.eirnn.model.Structure;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Set;

/**
 * Connectivity masks from a user's MAT-file ({@code --masks FILE}, spec peers §3.2: "masks can be given as
 * matrices"): {@code Crec} N×N (post × pre, nonzero = connection exists) is required; {@code Cin} N×N_in,
 * {@code Cout} N_out×N, {@code ei} N×1 (+1 excitatory, −1 inhibitory, pycog's signature) and {@code area} N×1
 * (1-based area or layer of each unit) are optional: without them every input and readout entry exists, the E/I
 * types come from the preset's draw, and all units form one area. Each variable is checked for shape and values
 * in one clear line.
 */
public final class StructureFile {
    private static final Set<String> NAMES = Set.of("Crec", "Cin", "Cout", "ei", "area");

    private StructureFile() {
    }

    /** The file's masks for a network of {@code spec}; {@code drawnInh} are the preset's E/I types. */
    public static Structure read(Path file, NetworkSpec spec, boolean[] drawnInh, double[] areaTaus, boolean balance)
            throws IOException {
        MatVariables v = new MatVariables(file, MatDecoder.read(file, MatDecoder.readBytes(file, "mask file"),
                NAMES::contains, new ArrayList<>()));
        int n = spec.n();
        double[] cRec = binary(v, "Crec", v.matrix("Crec", n, n, "recurrent mask, post × pre"));
        double[] cIn = v.has("Cin") ? binary(v, "Cin", v.matrix("Cin", n, spec.inputs(), "input mask"))
                : ones(n * spec.inputs());
        double[] cOut = v.has("Cout") ? binary(v, "Cout", v.matrix("Cout", spec.outputs(), n, "readout mask"))
                : ones(n * spec.outputs());
        boolean[] inh = v.has("ei") ? signature(v, n) : drawnInh.clone();
        int[] area = v.has("area") ? areas(v, n) : new int[n];
        return new Structure(area, inh, cRec, cIn, cOut, areaTaus, balance);
    }

    private static double[] ones(int length) {
        double[] a = new double[length];
        Arrays.fill(a, 1.0);
        return a;
    }

    private static double[] binary(MatVariables v, String name, double[] m) {
        for (double x : m) {
            if (!Double.isFinite(x)) {
                throw v.invalid(name, "holds " + x + "; expected finite values (nonzero = connection exists)");
            }
        }
        return Arrays.stream(m).map(x -> x != 0 ? 1 : 0).toArray();
    }

    private static boolean[] signature(MatVariables v, int n) {
        double[] ei = vectorOf(v, "ei", n);
        boolean[] inh = new boolean[n];
        for (int i = 0; i < n; i++) {
            if (ei[i] != 1 && ei[i] != -1) {
                throw v.invalid("ei", "entry " + (i + 1) + " is " + ei[i] + "; expected +1 (E) or -1 (I)");
            }
            inh[i] = ei[i] < 0;
        }
        return inh;
    }

    private static int[] areas(MatVariables v, int n) {
        double[] a = vectorOf(v, "area", n);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            if (a[i] < 1 || a[i] != Math.rint(a[i]) || a[i] > n) {
                throw v.invalid("area", "entry " + (i + 1) + " is " + a[i] + "; expected an area number 1, 2, …");
            }
            out[i] = (int) a[i] - 1;
        }
        return out;
    }

    private static double[] vectorOf(MatVariables v, String name, int n) {
        double[] x = v.vector(name);
        if (x.length != n) {
            throw v.shape(name, n + "×1 (one value per unit)");
        }
        return x;
    }

    /** Refuses a file that does not exist before anything is drawn. */
    public static void requireReadable(Path file) {
        InvalidInputException.require(java.nio.file.Files.isReadable(file),
                () -> "--masks " + file + " cannot be read: expected a MAT-file with Crec (and optionally Cin, Cout, "
                        + "ei, area)");
    }
}
