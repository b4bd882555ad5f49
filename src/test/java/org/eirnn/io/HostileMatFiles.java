package org.eirnn.io;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.Deflater;

/**
 * Level-5 MAT-file bytes built by hand (little-endian), for files no writer would produce: arrays claiming more
 * elements than they hold, compressed elements claiming more than their zlib data can inflate to, compression bombs.
 * Also used as seeds of the fuzz test.
 */
final class HostileMatFiles {
    static final int MI_INT8 = 1;
    static final int MI_INT32 = 5;
    static final int MI_UINT32 = 6;
    static final int MI_DOUBLE = 9;
    static final int MI_MATRIX = 14;
    static final int MI_COMPRESSED = 15;
    static final int DOUBLE_CLASS = 6;
    static final int CELL_CLASS = 1;

    private HostileMatFiles() {
    }

    /** The 128-byte header of a little-endian level-5 file. */
    static byte[] header() {
        byte[] h = new byte[128];
        Arrays.fill(h, 0, 116, (byte) ' ');
        byte[] text = "MATLAB 5.0 MAT-file, hostile test file".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(text, 0, h, 0, text.length);
        h[124] = 0x00;
        h[125] = 0x01;
        h[126] = 'I';
        h[127] = 'M';
        return h;
    }

    /** A header followed by the given top-level elements. */
    static byte[] file(byte[]... elements) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(header());
        for (byte[] e : elements) {
            out.writeBytes(e);
        }
        return out.toByteArray();
    }

    /** An 8-byte-aligned data element: tag (type, size) then data, padded. */
    static byte[] element(int type, byte[] data) {
        return element(type, data.length, data);
    }

    /** An element whose tag claims {@code claimedSize} bytes, whatever {@code data} holds. */
    static byte[] element(int type, long claimedSize, byte[] data) {
        int padded = type == MI_COMPRESSED ? data.length : (data.length + 7) & ~7; // MATLAB pads all but these
        ByteBuffer b = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(type).putInt((int) claimedSize).put(data);
        return b.array();
    }

    /** An miMATRIX of {@code cls} with the given dimensions and name, followed by {@code rest} (data elements). */
    static byte[] matrix(int cls, int[] dims, String name, byte[] rest) {
        ByteBuffer flags = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(cls).putInt(0);
        ByteBuffer d = ByteBuffer.allocate(4 * dims.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int x : dims) {
            d.putInt(x);
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(element(MI_UINT32, flags.array()));
        body.writeBytes(element(MI_INT32, d.array()));
        body.writeBytes(element(MI_INT8, name.getBytes(StandardCharsets.US_ASCII)));
        body.writeBytes(rest);
        return element(MI_MATRIX, body.toByteArray());
    }

    /** A double rows×cols matrix holding {@code values} (column-major). */
    static byte[] doubles(String name, int rows, int cols, double[] values) {
        ByteBuffer data = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : values) {
            data.putDouble(v);
        }
        return matrix(DOUBLE_CLASS, new int[] {rows, cols}, name, element(MI_DOUBLE, data.array()));
    }

    /** {@code inner} (an miMATRIX element) zlib-compressed into an miCOMPRESSED element. */
    static byte[] compressed(byte[] inner) {
        return element(MI_COMPRESSED, zlib(inner, 0, inner.length));
    }

    static byte[] zlib(byte[] data, int extraZeros, int count) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[1 << 16];
        deflater.setInput(data, 0, count);
        drain(deflater, out, buf);
        byte[] zeros = new byte[1 << 20];
        for (long left = extraZeros; left > 0; left -= zeros.length) {
            deflater.setInput(zeros, 0, (int) Math.min(zeros.length, left));
            drain(deflater, out, buf);
        }
        deflater.finish();
        while (!deflater.finished()) {
            out.write(buf, 0, deflater.deflate(buf));
        }
        deflater.end();
        return out.toByteArray();
    }

    private static void drain(Deflater deflater, ByteArrayOutputStream out, byte[] buf) {
        while (!deflater.needsInput()) {
            out.write(buf, 0, deflater.deflate(buf));
        }
    }

    /**
     * The short file that claims gigabytes: a compressed 30000×30000 double matrix with no data; MatFileRW would
     * allocate its 7.2 GB before noticing.
     */
    static byte[] claimsGigabytes() {
        return file(compressed(matrix(DOUBLE_CLASS, new int[] {30000, 30000}, "w", new byte[0])));
    }

    /**
     * A compression bomb: a double column {@code w} whose miMATRIX tag claims {@code claimed} bytes, then
     * {@code zeroMiB} MiB of zeros, all zlib-compressed (about 1 KiB per MiB).
     */
    static byte[] bomb(long claimed, int zeroMiB) {
        long values = (claimed - 64) / 8;
        byte[] inner = matrix(DOUBLE_CLASS, new int[] {(int) Math.min(values, Integer.MAX_VALUE), 1}, "w",
                element(MI_DOUBLE, values * 8, new byte[0]));
        ByteBuffer.wrap(inner).order(ByteOrder.LITTLE_ENDIAN).putInt(4, (int) claimed);
        return file(element(MI_COMPRESSED, zlib(inner, zeroMiB << 20, inner.length)));
    }
}
