package org.eirnn.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Writes MATLAB level-5 MAT-file variables the way scipy.io.savemat does by default — and so the way spikeRNN's
 * TensorFlow code wrote its files: little-endian, one uncompressed {@code miMATRIX} element per variable.
 *
 * <p>Why not MatFileRW's writer: it can only write big-endian files, and appending to a big-endian file with Octave's
 * {@code save -append} (what lambda_grid_search.m does) adds little-endian elements and corrupts the file. MatFileRW
 * still reads every file (eirnn's, scipy's, MATLAB's compressed ones).
 *
 * <p>Values are given in MATLAB's column-major order.
 */
final class MatFileEncoder {
    private static final int MI_INT8 = 1;
    private static final int MI_UINT8 = 2;
    private static final int MI_UINT16 = 4;
    private static final int MI_INT32 = 5;
    private static final int MI_UINT32 = 6;
    private static final int MI_SINGLE = 7;
    private static final int MI_DOUBLE = 9;
    private static final int MI_INT64 = 12;
    private static final int MI_MATRIX = 14;
    private static final int MX_CHAR = 4;
    private static final int MX_DOUBLE = 6;
    private static final int MX_SINGLE = 7;
    private static final int MX_UINT8 = 9;
    private static final int MX_INT64 = 14;
    private static final int LOGICAL_FLAG = 0x02;

    private final OutputStream out;
    private final ByteOrder order;

    private MatFileEncoder(OutputStream out, ByteOrder order) {
        this.out = out;
        this.order = order;
    }

    /** A new little-endian file on {@code out}: writes the 128-byte header. */
    static MatFileEncoder newFile(OutputStream out, String creator) throws IOException {
        MatFileEncoder e = new MatFileEncoder(out, ByteOrder.LITTLE_ENDIAN);
        String text = "MATLAB 5.0 MAT-file, Platform: " + creator + ", Created on: "
                + ZonedDateTime.now().format(DateTimeFormatter.ofPattern("EEE MMM d HH:mm:ss yyyy", Locale.ROOT));
        byte[] header = new byte[MatFileLayout.HEADER_BYTES];
        byte[] textBytes = text.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(textBytes, 0, header, 0, Math.min(textBytes.length, 116));
        header[124] = 0x00; // version 0x0100, little-endian
        header[125] = 0x01;
        header[126] = 'I';
        header[127] = 'M';
        out.write(header);
        return e;
    }

    /** Elements only (no header), in {@code order}: for appending to an existing file in its own byte order. */
    static MatFileEncoder elements(OutputStream out, ByteOrder order) {
        return new MatFileEncoder(out, order);
    }

    void single(String name, int[] dims, double[] columnMajor) throws IOException {
        ByteBuffer data = buffer(4 * columnMajor.length);
        for (double v : columnMajor) {
            data.putFloat((float) v);
        }
        matrix(name, dims, MX_SINGLE, 0, MI_SINGLE, data);
    }

    void dbl(String name, int[] dims, double[] columnMajor) throws IOException {
        ByteBuffer data = buffer(8 * columnMajor.length);
        for (double v : columnMajor) {
            data.putDouble(v);
        }
        matrix(name, dims, MX_DOUBLE, 0, MI_DOUBLE, data);
    }

    void int64(String name, long value) throws IOException {
        matrix(name, new int[] {1, 1}, MX_INT64, 0, MI_INT64, buffer(8).putLong(value));
    }

    /** A MATLAB logical: uint8 0/1 data with the logical flag (scipy.io.loadmat returns uint8). */
    void logical(String name, int[] dims, boolean[] columnMajor) throws IOException {
        ByteBuffer data = buffer(columnMajor.length);
        for (boolean b : columnMajor) {
            data.put((byte) (b ? 1 : 0));
        }
        matrix(name, dims, MX_UINT8, LOGICAL_FLAG, MI_UINT8, data);
    }

    /** A char matrix with one row per string (all of equal length), stored as 16-bit code units. */
    void chars(String name, String... rows) throws IOException {
        int width = rows.length == 0 ? 0 : rows[0].length();
        ByteBuffer data = buffer(2 * rows.length * width);
        for (int c = 0; c < width; c++) {
            for (String row : rows) {
                if (row.length() != width) {
                    throw new IllegalArgumentException("char rows of '" + name + "' differ in length");
                }
                data.putChar(row.charAt(c));
            }
        }
        matrix(name, new int[] {rows.length, width}, MX_CHAR, 0, MI_UINT16, data);
    }

    private ByteBuffer buffer(int bytes) {
        return ByteBuffer.allocate(bytes).order(order);
    }

    /** One miMATRIX element: array flags, dimensions, name, real part; every sub-element padded to 8 bytes. */
    private void matrix(String name, int[] dims, int mxClass, int flags, int dataType, ByteBuffer data)
            throws IOException {
        byte[] nameBytes = name.getBytes(StandardCharsets.US_ASCII);
        int dimsBytes = 4 * dims.length;
        int dataBytes = data.capacity();
        int body = 16 + 8 + pad(dimsBytes) + 8 + pad(nameBytes.length) + 8 + pad(dataBytes);
        ByteBuffer head = buffer(8 + body - pad(dataBytes));
        head.putInt(MI_MATRIX).putInt(body);
        head.putInt(MI_UINT32).putInt(8).putInt(mxClass | flags << 8).putInt(0);
        head.putInt(MI_INT32).putInt(dimsBytes);
        for (int d : dims) {
            head.putInt(d);
        }
        head.position(head.position() + pad(dimsBytes) - dimsBytes);
        head.putInt(MI_INT8).putInt(nameBytes.length).put(nameBytes);
        head.position(head.position() + pad(nameBytes.length) - nameBytes.length);
        head.putInt(dataType).putInt(dataBytes);
        out.write(head.array());
        out.write(data.array());
        out.write(new byte[pad(dataBytes) - dataBytes]);
    }

    private static int pad(int bytes) {
        return (bytes + 7) & ~7;
    }
}
