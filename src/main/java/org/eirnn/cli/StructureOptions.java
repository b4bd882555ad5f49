package org.eirnn.cli;

import org.eirnn.InvalidInputException;
import org.eirnn.io.StructureFile;
import org.eirnn.model.Areas;
import org.eirnn.model.NetworkInit;
import org.eirnn.model.NetworkSpec;
import org.eirnn.model.RateNetwork;
import org.eirnn.model.Structure;
import org.eirnn.train.Trainer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Connectivity constraints for train (nn4n's masks, spec peers §3.2, and the multi-layer Dale stack): multi-area
 * networks ({@code --areas}), layer stacks ({@code --layers}) or masks from a MAT-file ({@code --masks}), each laid
 * over the preset's own draw by {@link Structure}. Without any of them the preset's network is drawn unchanged.
 */
final class StructureOptions {
    static final Flag AREAS = Flag.value("areas", "K", "split the units into K areas (nn4n's MultiAreaEI), each "
            + "with its own E/I split by --P_inh");
    static final Flag AREA_DENSITY = Flag.value("area-density", "p|matrix", "connection probability between areas: "
            + "one number for every pair, or a K×K post×pre matrix as rows 'a,b;c,d'").detail("default 0.2; 1 "
            + "within an area");
    static final Flag INPUT_AREAS = Flag.value("input-areas", "list", "areas (from 1) whose units receive the "
            + "inputs").detail("default 1");
    static final Flag READOUT_AREAS = Flag.value("readout-areas", "list", "areas (from 1) whose units feed the "
            + "readout").detail("default the last");
    static final Flag INTER_EI = Flag.value("inter-ei", "list", "which E/I pairs may connect between areas: "
            + "any of EE, EI, IE, II (pre then post)").detail("default EE,EI: inhibition stays local");
    static final Flag INH_READOUT = Flag.value("inh-readout", "bool", "inhibitory units may feed the readout")
            .detail("default no with --areas, yes with --layers");
    static final Flag LAYERS = Flag.value("layers", "L", "a multi-layer Dale stack: layer l hears layer l-1 "
            + "(one step later), input to layer 1, readout from layer L");
    static final Flag INTER_DENSITY = Flag.value("inter-density", "p", "--layers: probability of a connection from "
            + "a unit of layer l-1 to one of layer l").detail("default 0.8 (spikeRNN_DMS's P_inter)");
    static final Flag AREA_TAUS = Flag.value("area-taus", "list", "initial tau (steps) of each area's or layer's "
            + "units; needs --decay_taus MIN MAX");
    static final Flag EI_BALANCE = Flag.toggle("ei-balance", "nn4n's E/I balancing at initialisation: the larger "
            + "total of E and |I| recurrent weight scaled down to the smaller");
    static final Flag MASKS = Flag.value("masks", "file.mat", "masks from a MAT-file: Crec (N×N, post×pre), "
            + "optionally Cin, Cout, ei (+1/-1) and area (from 1)");

    static final OptionGroup GROUP = () -> List.of(AREAS, AREA_DENSITY, INPUT_AREAS, READOUT_AREAS, INTER_EI,
            INH_READOUT, LAYERS, INTER_DENSITY, AREA_TAUS, EI_BALANCE, MASKS);

    private StructureOptions() {
    }

    /** True when the command line lays a structure over the preset's draw. */
    static boolean given(Args a) {
        return a.has(AREAS) || a.has(LAYERS) || a.has(MASKS) || a.has(EI_BALANCE) || a.has(AREA_TAUS);
    }

    /** How train draws network k: the preset's draw with the structure of the command line laid over it. */
    static Trainer.NetworkSource source(Args a, NetworkSpec spec) {
        requireOne(a);
        if (!given(a)) {
            return NetworkInit::draw;
        }
        Areas areas = areas(a, spec);
        double[] taus = a.has(AREA_TAUS) ? numbers(a, AREA_TAUS) : null;
        boolean balance = a.has(EI_BALANCE);
        Path masks = a.has(MASKS) ? a.inputFile(MASKS, "a MAT-file with Crec") : null;
        return (s, seed, k) -> {
            RateNetwork drawn = NetworkInit.draw(s, seed, k);
            Structure structure = masks != null ? fromFile(masks, s, drawn, taus, balance)
                    : Structure.generate(areas, s, seed, k, taus, balance);
            return structure.apply(drawn);
        };
    }

    /** The structure flags given, as a checkpoint's identity records them (empty without a structure). */
    static String describe(Args a) {
        StringBuilder b = new StringBuilder();
        for (Flag f : GROUP.flags()) {
            if (a.has(f)) {
                b.append(f.spelled()).append(' ').append(a.string(f, "")).append(' ');
            }
        }
        return b.toString().trim();
    }

    /** Area (layer) of each unit from 1, for the model file, or null without a structure. */
    static double[] areaOfUnits(Args a, NetworkSpec spec) {
        if (a.has(MASKS) || !given(a)) {
            return null;
        }
        return Arrays.stream(areas(a, spec).areaOf(spec.n())).mapToDouble(x -> x + 1).toArray();
    }

    private static Structure fromFile(Path file, NetworkSpec spec, RateNetwork drawn, double[] taus,
                                      boolean balance) {
        try {
            return StructureFile.read(file, spec, drawn.inh, taus, balance);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void requireOne(Args a) {
        int count = (a.has(AREAS) ? 1 : 0) + (a.has(LAYERS) ? 1 : 0) + (a.has(MASKS) ? 1 : 0);
        InvalidInputException.require(count <= 1, () -> "--areas, --layers and --masks each define the whole "
                + "connectivity: give one of them");
    }

    /** The areas of --areas or --layers (one area when only --ei-balance or --masks is given). */
    private static Areas areas(Args a, NetworkSpec spec) {
        double exc = 1 - spec.pInh();
        if (a.has(LAYERS)) {
            int layers = a.integer(LAYERS, 1, 1);
            double p = a.number(INTER_DENSITY, 0.8, x -> x >= 0 && x <= 1, "a probability in [0, 1]");
            Areas stack = Areas.layers(layers, p, exc);
            return new Areas(layers, stack.density(), stack.inputAreas(), stack.readoutAreas(), exc, true, true, true,
                    true, a.bool(INH_READOUT, true));
        }
        int k = a.integer(AREAS, 1, 1);
        boolean[] pairs = interPairs(a);
        return new Areas(k, density(a, k), flags(a, INPUT_AREAS, k, "1"), flags(a, READOUT_AREAS, k,
                Integer.toString(k)), exc, pairs[0], pairs[1], pairs[2], pairs[3], a.bool(INH_READOUT, false));
    }

    private static double[][] density(Args a, int k) {
        String s = a.string(AREA_DENSITY, "0.2");
        String[] rows = s.split(";");
        double[][] d = new double[k][k];
        if (rows.length == 1 && !s.contains(",")) {
            double p = Args.parseNumber(AREA_DENSITY, s, "a probability or a K×K matrix");
            for (int i = 0; i < k; i++) {
                for (int j = 0; j < k; j++) {
                    d[i][j] = i == j ? 1 : p;
                }
            }
            return d;
        }
        if (rows.length != k) {
            throw Args.invalid(AREA_DENSITY, s, "a " + k + "×" + k + " matrix, rows separated by ';'");
        }
        for (int i = 0; i < k; i++) {
            String[] cols = rows[i].split(",");
            if (cols.length != k) {
                throw Args.invalid(AREA_DENSITY, s, "a " + k + "×" + k + " matrix, " + k + " values per row");
            }
            for (int j = 0; j < k; j++) {
                d[i][j] = Args.parseNumber(AREA_DENSITY, cols[j], "probabilities");
            }
        }
        return d;
    }

    private static boolean[] flags(Args a, Flag f, int k, String fallback) {
        boolean[] out = new boolean[k];
        for (int area : a.positiveInts(f, fallback)) {
            if (area > k) {
                throw Args.invalid(f, a.string(f, fallback), "area numbers from 1 to " + k);
            }
            out[area - 1] = true;
        }
        return out;
    }

    private static boolean[] interPairs(Args a) {
        String s = a.string(INTER_EI, "EE,EI");
        List<String> names = List.of("EE", "EI", "IE", "II");
        boolean[] out = new boolean[4];
        for (String p : s.split(",")) {
            int at = names.indexOf(p.trim().toUpperCase(Locale.ROOT));
            if (at < 0 && !p.trim().equalsIgnoreCase("none")) {
                throw Args.invalid(INTER_EI, s, "a list of EE, EI, IE, II (or none)");
            }
            if (at >= 0) {
                out[at] = true;
            }
        }
        return out;
    }

    private static double[] numbers(Args a, Flag f) {
        String s = a.string(f, null);
        return Arrays.stream(s.split(",")).mapToDouble(x -> Args.parseNumber(f, x, "numbers separated by commas"))
                .toArray();
    }
}
