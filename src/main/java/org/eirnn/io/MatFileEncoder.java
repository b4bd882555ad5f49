package org.eirnn.io;

import java.io.ByteArrayOutputStream;
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
 * <p>Values are given in MATLAB's column-major order. Sparse matrices, cells and structs (what {@link LifMatFile}
 * writes) are encoded as MATLAB does: a cell's or struct's elements are whole unnamed {@code miMATRIX} elements.
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
    private static final int MX_CELL = 1;
    private static final int MX_STRUCT = 2;
    private static final int MX_CHAR = 4;
    private static final int MX_SPARSE = 5;
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

    /**
     * A sparse rows×cols double matrix in compressed-column form: {@code rowIndex[k]} (0-based) and {@code values[k]}
     * for k in {@code colStart[c] … colStart[c+1]−1}; colStart has cols+1 entries.
     */
    void sparse(String name, int rows, int cols, int[] rowIndex, int[] colStart, double[] values) throws IOException {
        int nnz = values.length;
        // MATLAB never writes nzmax 0: an empty sparse matrix holds room for one entry
        int nzmax = Math.max(1, nnz);
        ByteBuffer ir = buffer(4 * nzmax);
        ByteBuffer pr = buffer(8 * nzmax);
        for (int k = 0; k < nnz; k++) {
            ir.putInt(rowIndex[k]);
            pr.putDouble(values[k]);
        }
        ByteBuffer jc = buffer(4 * colStart.length);
        for (int c : colStart) {
            jc.putInt(c);
        }
        matrix(name, new int[] {rows, cols}, MX_SPARSE, 0, nzmax, tagged(MI_INT32, ir), tagged(MI_INT32, jc),
                tagged(MI_DOUBLE, pr));
    }

    /** A cell array whose elements (column-major) were encoded by {@link #element}. */
    void cell(String name, int[] dims, byte[]... elements) throws IOException {
        matrix(name, dims, MX_CELL, 0, 0, elements);
    }

    /** A 1×1 struct: field names and their values, each value encoded by {@link #element}. */
    void struct(String name, String[] fields, byte[]... values) throws IOException {
        int width = 1;
        for (String f : fields) {
            width = Math.max(width, f.length() + 1);    // NUL-terminated, one width for all names
        }
        ByteBuffer names = buffer(width * fields.length);
        for (int k = 0; k < fields.length; k++) {
            names.position(k * width);
            names.put(fields[k].getBytes(StandardCharsets.US_ASCII));
        }
        // the field-name length is a small data element: size in the tag's upper half, 4 bytes of data
        byte[] widthElement = buffer(8).putInt(4 << 16 | MI_INT32).putInt(width).array();
        byte[][] parts = new byte[values.length + 2][];
        parts[0] = widthElement;
        parts[1] = tagged(MI_INT8, names);
        System.arraycopy(values, 0, parts, 2, values.length);
        matrix(name, new int[] {1, 1}, MX_STRUCT, 0, 0, parts);
    }

    /** Writes one variable with {@link #elements}' encoder in this encoder's byte order, for a cell or struct. */
    byte[] element(Element e) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        e.write(elements(bytes, order));
        return bytes.toByteArray();
    }

    /** One variable written to an encoder (an element of a cell or a struct field: name ""). */
    @FunctionalInterface
    interface Element {
        void write(MatFileEncoder enc) throws IOException;
    }

    private ByteBuffer buffer(int bytes) {
        return ByteBuffer.allocate(bytes).order(order);
    }

    /** A data sub-element: tag (type, byte count), the data, zeros to the next multiple of 8. */
    private byte[] tagged(int dataType, ByteBuffer data) {
        int bytes = data.capacity();
        return buffer(8 + pad(bytes)).putInt(dataType).putInt(bytes).put(data.array()).array();
    }

    /** A numeric miMATRIX element; the data are written as they are, not copied into a tagged part. */
    private void matrix(String name, int[] dims, int mxClass, int flags, int dataType, ByteBuffer data)
            throws IOException {
        int bytes = data.capacity();
        byte[] tag = buffer(8).putInt(dataType).putInt(bytes).array();
        matrix(name, dims, mxClass, flags, 0, 8L + pad(bytes), tag);
        out.write(data.array());
        out.write(new byte[pad(bytes) - bytes]);
    }

    /**
     * One miMATRIX element: array flags (class, flags, nzmax), dimensions, name, then {@code parts} (sub-elements
     * already tagged and padded); every sub-element padded to 8 bytes.
     */
    private void matrix(String name, int[] dims, int mxClass, int flags, int nzmax, byte[]... parts)
            throws IOException {
        long tail = 0;
        for (byte[] p : parts) {
            tail += p.length;
        }
        matrix(name, dims, mxClass, flags, nzmax, tail, parts);
    }

    /** The element's head and {@code parts}; {@code tail} bytes of sub-elements follow the name in all. */
    private void matrix(String name, int[] dims, int mxClass, int flags, int nzmax, long tail, byte[]... parts)
            throws IOException {
        byte[] nameBytes = name.getBytes(StandardCharsets.US_ASCII);
        int dimsBytes = 4 * dims.length;
        long body = 16 + 8 + pad(dimsBytes) + 8 + pad(nameBytes.length) + tail;
        if (body > Integer.MAX_VALUE - 8) {
            throw new IOException("variable '" + name + "' needs " + body + " bytes: more than a level-5 MAT-file "
                    + "element holds (2 GiB); record fewer outputs or trials");
        }
        ByteBuffer head = buffer(8 + (int) (body - tail));   // tail: what follows the name
        head.putInt(MI_MATRIX).putInt((int) body);
        head.putInt(MI_UINT32).putInt(8).putInt(mxClass | flags << 8).putInt(nzmax);
        head.putInt(MI_INT32).putInt(dimsBytes);
        for (int d : dims) {
            head.putInt(d);
        }
        head.position(head.position() + pad(dimsBytes) - dimsBytes);
        head.putInt(MI_INT8).putInt(nameBytes.length).put(nameBytes);
        out.write(head.array());
        for (byte[] p : parts) {
            out.write(p);
        }
    }

    private static int pad(int bytes) {
        return (bytes + 7) & ~7;
    }
}
