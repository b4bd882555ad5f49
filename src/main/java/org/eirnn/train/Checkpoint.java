package org.eirnn.train;

import org.eirnn.InvalidInputException;
import org.eirnn.engine.AdamState;
import org.eirnn.io.AtomicFiles;
import org.eirnn.model.NetworkSpec;
import org.eirnn.model.RateNetwork;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * A training checkpoint: a {@link TrainState} in a small binary format (big-endian, Java DataOutput), written
 * atomically ({@link AtomicFiles}) so a killed run leaves the previous checkpoint intact.
 *
 * <p>Format 2: the magic bytes {@value #MAGIC} (as {@code writeUTF} writes them), the format version (int), the
 * payload's length (long) and its CRC-32C (int), then the payload. The payload starts with the run's identity (task,
 * spec, seed, batch, …) as key=value pairs; resuming under a different identity is refused with the first differing
 * key. A damaged checkpoint (flipped byte, truncation, random bytes) is refused in one line naming the file before
 * anything of it is used; format 1 (no checksum, written before 2026-12) is still read, its sizes checked. A run under
 * pycog's schedule appends its {@link ValidationState} after the networks (marked "validation": best parameters,
 * best loss and update, score history, stop reasons), so it resumes with the best parameters it had.
 */
public final class Checkpoint {
    private static final String MAGIC = "eirnn-checkpoint";
    private static final int VERSION = 2;
    private static final int UNCHECKED_VERSION = 1;
    /** Magic (2 + 16 bytes), version, payload length, CRC-32C. */
    private static final int HEADER_BYTES = 2 + MAGIC.length() + 4 + 8 + 4;

    private Checkpoint() {
    }

    public static void write(Path file, Map<String, String> identity, TrainState s) throws IOException {
        ByteArrayOutputStream payload = new ByteArrayOutputStream(1 << 16);
        DataOutputStream out = new DataOutputStream(payload);
        writePayload(out, identity, s);
        out.flush();
        byte[] bytes = payload.toByteArray();
        AtomicFiles.write(file, raw -> {
            DataOutputStream head = new DataOutputStream(raw);
            head.writeUTF(MAGIC);
            head.writeInt(VERSION);
            head.writeLong(bytes.length);
            head.writeInt(crc(bytes, 0, bytes.length));
            head.write(bytes);
            head.flush();
        });
    }

    private static void writePayload(DataOutputStream out, Map<String, String> identity, TrainState s)
            throws IOException {
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
        if (s.validation() != null) {
            writeValidation(out, s.validation());
        }
    }

    /** Marks the trailer of pycog's schedule ({@link ValidationState}), which follows the networks when present. */
    private static final String VALIDATION = "validation";

    private static void writeValidation(DataOutputStream out, ValidationState v) throws IOException {
        out.writeUTF(VALIDATION);
        for (int k = 0; k < v.best().size(); k++) {
            writeNetwork(out, v.best().get(k));
            out.writeDouble(v.bestLoss()[k]);
            out.writeLong(v.bestUpdate()[k]);
            doubles(out, v.scores().get(k).stream().mapToDouble(Double::doubleValue).toArray());
            out.writeUTF(v.stopReason()[k]);
        }
    }

    private static ValidationState readValidation(DataInputStream in, int k, NetworkSpec spec) throws IOException {
        String mark = in.readUTF();
        if (!mark.equals(VALIDATION)) {
            throw new IllegalArgumentException("unexpected data after the last network");
        }
        List<RateNetwork> best = new ArrayList<>();
        double[] loss = new double[k];
        long[] update = new long[k];
        List<List<Double>> scores = new ArrayList<>();
        String[] reason = new String[k];
        for (int net = 0; net < k; net++) {
            best.add(readNetwork(in, spec));
            loss[net] = in.readDouble();
            update[net] = in.readLong();
            List<Double> history = new ArrayList<>();
            for (double d : doubles(in)) {
                history.add(d);
            }
            scores.add(history);
            reason[net] = in.readUTF();
        }
        return new ValidationState(best, loss, update, scores, reason);
    }

    private static int crc(byte[] b, int from, int length) {
        CRC32C crc = new CRC32C();
        crc.update(b, from, length);
        return (int) crc.getValue();
    }

    /** Reads a checkpoint written under {@code identity} for networks of {@code spec}. */
    public static TrainState read(Path file, Map<String, String> identity, NetworkSpec spec) throws IOException {
        byte[] bytes = readBytes(file);
        ByteBuffer head = ByteBuffer.wrap(bytes);
        byte[] magic = magicBytes();
        if (bytes.length < magic.length + 4 || !Arrays.equals(bytes, 0, magic.length, magic, 0, magic.length)) {
            throw new InvalidInputException("checkpoint " + file + " is not an eirnn checkpoint (it does not start"
                    + " with '" + MAGIC + "')");
        }
        int version = head.getInt(magic.length);
        int from;
        if (version == VERSION) {
            from = checkedPayload(file, bytes, head);
        } else if (version == UNCHECKED_VERSION) {
            from = magic.length + 4;
        } else {
            throw new InvalidInputException("checkpoint " + file + " has format " + version + ", this eirnn reads"
                    + " formats 1 and " + VERSION + ": resume it with the eirnn that wrote it");
        }
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes, from, bytes.length - from));
            TrainState state;
            try {
                state = readPayload(file, in, identity, spec);
            } catch (InvalidInputException e) {
                throw e.getMessage().contains(file.toString()) ? e
                        : new InvalidInputException("checkpoint " + file + " is corrupt: " + e.getMessage(), e);
            }
            if (in.available() > 0) {
                throw new InvalidInputException("checkpoint " + file + " is corrupt: " + in.available()
                        + " bytes follow its last network");
            }
            return state;
        } catch (java.io.EOFException e) {
            throw new InvalidInputException("checkpoint " + file + " is truncated");
        } catch (java.io.UTFDataFormatException | IllegalArgumentException | IndexOutOfBoundsException e) {
            throw new InvalidInputException("checkpoint " + file + " is corrupt (" + e.getMessage() + ")", e);
        }
    }

    /** The file's bytes, refused before reading when they cannot fit in memory twice over. */
    private static byte[] readBytes(Path file) throws IOException {
        try {
            long size = Files.size(file);
            Runtime rt = Runtime.getRuntime();
            long free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
            InvalidInputException.require(size <= Integer.MAX_VALUE - 64 && 2 * size < free, () -> "checkpoint "
                    + file + " is " + (size >> 20) + " MiB, more than this JVM can read (" + (free >> 20)
                    + " MiB free; give java more with EIRNN_JAVA_OPTS=-Xmx...)");
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException("--resume: no checkpoint at " + file);
        }
    }

    /** Checks the length and CRC-32C of a format-2 payload; where it starts. */
    private static int checkedPayload(Path file, byte[] bytes, ByteBuffer head) {
        if (bytes.length < HEADER_BYTES) {
            throw new InvalidInputException("checkpoint " + file + " is truncated: " + bytes.length
                    + " bytes, shorter than its " + HEADER_BYTES + "-byte header");
        }
        long length = head.getLong(HEADER_BYTES - 12);
        int stored = head.getInt(HEADER_BYTES - 4);
        long held = bytes.length - HEADER_BYTES;
        if (length != held) {
            throw new InvalidInputException("checkpoint " + file + (held < length ? " is truncated" : " is corrupt")
                    + ": its header announces " + length + " bytes of content, the file holds " + held
                    + "; --resume refuses it (resume from another checkpoint or start afresh)");
        }
        int computed = crc(bytes, HEADER_BYTES, bytes.length - HEADER_BYTES);
        if (computed != stored) {
            throw new InvalidInputException(String.format(Locale.ROOT, "checkpoint %s is damaged: its CRC-32C is"
                    + " %08x, its header says %08x; --resume refuses it (resume from another checkpoint or start"
                    + " afresh)", file, computed, stored));
        }
        return HEADER_BYTES;
    }

    private static TrainState readPayload(Path file, DataInputStream in, Map<String, String> identity,
                                          NetworkSpec spec) throws IOException {
        int entries = in.readInt();
        for (int i = 0; i < entries; i++) {
            String key = in.readUTF();
            String value = in.readUTF();
            String expected = identity.get(key);
            InvalidInputException.require(value.equals(expected), () -> "checkpoint " + file + " was written with "
                    + shown(key) + "=" + shown(value) + ", this run has " + shown(key) + "=" + expected);
        }
        InvalidInputException.require(entries == identity.size(),
                () -> "checkpoint " + file + " does not describe the same run settings");
        String stamp = in.readUTF();
        long nextTrial = in.readLong();
        int k = in.readInt();
        InvalidInputException.require(k >= 0 && k <= in.available(),
                () -> "checkpoint " + file + " is corrupt: it claims " + k + " networks");
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
        ValidationState validation = in.available() > 0 ? readValidation(in, k, spec) : null;
        return new TrainState(stamp, nextTrial, current, initial, adam, losses, active, lastTrial, lastEval,
                validation);
    }

    /** A string read from a checkpoint as it may appear in a one-line message (damage can hold any character). */
    private static String shown(String s) {
        String printable = s.replaceAll("\\p{Cntrl}", "?");
        return printable.length() <= 80 ? printable : printable.substring(0, 80) + "…";
    }

    /** The magic as {@link DataOutputStream#writeUTF} writes it: its length (2 bytes), then its ASCII bytes. */
    private static byte[] magicBytes() {
        byte[] ascii = MAGIC.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        return ByteBuffer.allocate(2 + ascii.length).putShort((short) ascii.length).put(ascii).array();
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
        if (hasFamilyParts(net.spec)) {
            for (double[] part : familyParts(net)) {
                doubles(out, part);
            }
        }
    }

    /**
     * A network of the model family other than spikeRNN's also saves its other outputs' biases, masks, fixed entries,
     * b_rec and x0, after spikeRNN's fields (whose layout is unchanged, so spikeRNN checkpoints read as before).
     */
    private static boolean hasFamilyParts(NetworkSpec spec) {
        return !spec.options().equals(org.eirnn.model.ModelOptions.SPIKERNN) || spec.outputs() != 1;
    }

    private static double[][] familyParts(RateNetwork net) {
        return new double[][] {net.bOut, net.cIn, net.cOut, net.wFixed, net.wInFixed, net.wOutFixed, net.bRec,
            net.x0};
    }

    private static RateNetwork readNetwork(DataInputStream in, NetworkSpec spec) throws IOException {
        double[] w = doubles(in);
        double[] wIn = doubles(in);
        double[] wOut = doubles(in);
        double bOut = in.readDouble();
        double[] tausGaus = doubles(in);
        boolean[] inh = new boolean[length(in, 1)];
        for (int i = 0; i < inh.length; i++) {
            inh[i] = in.readBoolean();
        }
        double[] somMask = doubles(in);
        if (!hasFamilyParts(spec)) {
            return new RateNetwork(spec, w, wIn, wOut, bOut, tausGaus, inh, somMask);
        }
        double[][] p = new double[8][];
        for (int k = 0; k < p.length; k++) {
            p[k] = doubles(in);
        }
        return new RateNetwork(spec, w, wIn, wOut, p[0], tausGaus, inh, somMask, p[1], p[2], p[3], p[4], p[5], p[6],
                p[7]);
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
        int count = length(in, 5);
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

    /** A length-prefixed array; a length beyond what is left in the stream is corruption, not an allocation. */
    private static double[] doubles(DataInputStream in) throws IOException {
        double[] a = new double[length(in, 8)];
        for (int i = 0; i < a.length; i++) {
            a[i] = in.readDouble();
        }
        return a;
    }

    private static int length(DataInputStream in, int bytesEach) throws IOException {
        int n = in.readInt();
        if (n < 0 || (long) n * bytesEach > in.available()) {
            throw new IllegalArgumentException("an array claims " + n + " entries, more than the file holds");
        }
        return n;
    }
}
