package org.eirnn.train;

import org.eirnn.InvalidInputException;
import org.eirnn.engine.AdamState;
import org.eirnn.io.AtomicFiles;
import org.eirnn.model.NetworkSpec;
import org.eirnn.model.RateNetwork;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A training checkpoint: a {@link TrainState} in a small binary format (big-endian, Java DataOutput), written
 * atomically ({@link AtomicFiles}) so a killed run leaves the previous checkpoint intact.
 * The header holds the run's identity (task, spec, seed, batch, …) as key=value pairs; resuming under a different
 * identity is refused with the first differing key.
 */
public final class Checkpoint {
    private static final String MAGIC = "eirnn-checkpoint";
    private static final int VERSION = 1;

    private Checkpoint() {
    }

    public static void write(Path file, Map<String, String> identity, TrainState s) throws IOException {
        AtomicFiles.write(file, raw -> {
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(raw));
            out.writeUTF(MAGIC);
            out.writeInt(VERSION);
            out.writeInt(identity.size());
            for (Map.Entry<String, String> e : identity.entrySet()) {
                out.writeUTF(e.getKey());
                out.writeUTF(e.getValue());
            }
            out.writeUTF(s.stamp());
            out.writeLong(s.nextTrial());
            out.writeInt(s.networks());
            for (int k = 0; k < s.networks(); k++) {
                writeNetwork(out, s.current().get(k));
                writeNetwork(out, s.initial().get(k));
                doubles(out, s.adam().m()[k]);
                doubles(out, s.adam().v()[k]);
                out.writeLong(s.adam().steps()[k]);
                doubles(out, s.losses()[k]);
                out.writeBoolean(s.active()[k]);
                out.writeLong(s.lastTrial()[k]);
                writeEvaluation(out, s.lastEval()[k]);
            }
            out.flush();
        });
    }

    /** Reads a checkpoint written under {@code identity} for networks of {@code spec}. */
    public static TrainState read(Path file, Map<String, String> identity, NetworkSpec spec) throws IOException {
        try (InputStream raw = Files.newInputStream(file);
             DataInputStream in = new DataInputStream(new BufferedInputStream(raw))) {
            InvalidInputException.require(MAGIC.equals(in.readUTF()) && in.readInt() == VERSION,
                    () -> file + " is not an eirnn checkpoint of this version");
            int entries = in.readInt();
            for (int i = 0; i < entries; i++) {
                String key = in.readUTF();
                String value = in.readUTF();
                String expected = identity.get(key);
                InvalidInputException.require(value.equals(expected), () -> "checkpoint " + file + " was written with "
                        + key + "=" + value + ", this run has " + key + "=" + expected);
            }
            InvalidInputException.require(entries == identity.size(),
                    () -> "checkpoint " + file + " does not describe the same run settings");
            String stamp = in.readUTF();
            long nextTrial = in.readLong();
            int k = in.readInt();
            List<RateNetwork> current = new ArrayList<>();
            List<RateNetwork> initial = new ArrayList<>();
            AdamState adam = AdamState.zeros(k, spec);
            double[][] losses = new double[k][];
            boolean[] active = new boolean[k];
            long[] lastTrial = new long[k];
            Evaluation[] lastEval = new Evaluation[k];
            for (int net = 0; net < k; net++) {
                current.add(readNetwork(in, spec));
                initial.add(readNetwork(in, spec));
                adam.m()[net] = doubles(in);
                adam.v()[net] = doubles(in);
                adam.steps()[net] = in.readLong();
                losses[net] = doubles(in);
                active[net] = in.readBoolean();
                lastTrial[net] = in.readLong();
                lastEval[net] = readEvaluation(in);
            }
            return new TrainState(stamp, nextTrial, current, initial, adam, losses, active, lastTrial, lastEval);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException("--resume: no checkpoint at " + file);
        } catch (java.io.EOFException e) {
            throw new InvalidInputException("checkpoint " + file + " is truncated");
        }
    }

    private static void writeNetwork(DataOutputStream out, RateNetwork net) throws IOException {
        doubles(out, net.w);
        doubles(out, net.wIn);
        doubles(out, net.wOut);
        out.writeDouble(net.bOut[0]);
        doubles(out, net.tausGaus);
        out.writeInt(net.inh.length);
        for (boolean b : net.inh) {
            out.writeBoolean(b);
        }
        doubles(out, net.somMask);
    }

    private static RateNetwork readNetwork(DataInputStream in, NetworkSpec spec) throws IOException {
        double[] w = doubles(in);
        double[] wIn = doubles(in);
        double[] wOut = doubles(in);
        double bOut = in.readDouble();
        double[] tausGaus = doubles(in);
        boolean[] inh = new boolean[in.readInt()];
        for (int i = 0; i < inh.length; i++) {
            inh[i] = in.readBoolean();
        }
        return new RateNetwork(spec, w, wIn, wOut, bOut, tausGaus, inh, doubles(in));
    }

    private static void writeEvaluation(DataOutputStream out, Evaluation e) throws IOException {
        out.writeBoolean(e != null);
        if (e == null) {
            return;
        }
        out.writeDouble(e.accuracy());
        out.writeDouble(e.meanLoss());
        doubles(out, e.outputs());
        out.writeInt(e.labels().length);
        for (int j = 0; j < e.labels().length; j++) {
            out.writeInt(e.labels()[j]);
            out.writeBoolean(e.correct()[j]);
        }
        doubles(out, e.losses());
    }

    private static Evaluation readEvaluation(DataInputStream in) throws IOException {
        if (!in.readBoolean()) {
            return null;
        }
        double accuracy = in.readDouble();
        double meanLoss = in.readDouble();
        double[] outputs = doubles(in);
        int count = in.readInt();
        int[] labels = new int[count];
        boolean[] correct = new boolean[count];
        for (int j = 0; j < count; j++) {
            labels[j] = in.readInt();
            correct[j] = in.readBoolean();
        }
        return new Evaluation(accuracy, meanLoss, outputs, labels, correct, doubles(in));
    }

    private static void doubles(DataOutputStream out, double[] a) throws IOException {
        out.writeInt(a.length);
        for (double d : a) {
            out.writeDouble(d);
        }
    }

    private static double[] doubles(DataInputStream in) throws IOException {
        double[] a = new double[in.readInt()];
        for (int i = 0; i < a.length; i++) {
            a[i] = in.readDouble();
        }
        return a;
    }
}
