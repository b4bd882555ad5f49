package org.eirnn.io;

import org.eirnn.InvalidInputException;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * The byte layout of a MATLAB level-5 MAT-file (the format of MATLAB -v6/-v7, scipy.io.savemat and Octave -v7),
 * at the level MatFileRW does not expose: the 128-byte header, and the sequence of top-level data elements
 * (one per variable, plain {@code miMATRIX} or zlib-{@code miCOMPRESSED}).
 *
 * <p>It serves three purposes: telling a v7.3 (HDF5) or non-MAT file apart from a level-5 one before parsing;
 * naming the variable where a truncated file ends; and appending variables by copying every other variable's bytes
 * unchanged, in the file's own byte order (MATLAB's {@code save -append} semantics).
 */
final class MatFileLayout {
    static final int HEADER_BYTES = 128;
    private static final int MI_INT8 = 1;
    private static final int MI_MATRIX = 14;
    private static final int MI_COMPRESSED = 15;

    /** One top-level data element: a variable, its bytes at [offset, end). */
    record Element(String name, int offset, int end) {
    }

    private final Path file;
    final byte[] bytes;
    final ByteOrder order;
    final List<Element> elements;

    private MatFileLayout(Path file, byte[] bytes, ByteOrder order, List<Element> elements) {
        this.file = file;
        this.bytes = bytes;
        this.order = order;
        this.elements = elements;
    }

    /**
     * Checks the header and lists the variables of {@code bytes} read from {@code file}. Throws one
     * {@link InvalidInputException} naming the file (and the variable, for a truncated one) when the bytes are not
     * a level-5 MAT-file.
     */
    static MatFileLayout scan(Path file, byte[] bytes) {
        ByteOrder order = checkHeader(file, bytes);
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(order);
        List<Element> elements = new ArrayList<>();
        int offset = HEADER_BYTES;
        while (offset < bytes.length) {
            if (bytes.length - offset < 8) {
                throw truncated(file, elements, "a partial data element tag at byte " + offset);
            }
            int type = buf.getInt(offset);
            long size = Integer.toUnsignedLong(buf.getInt(offset + 4));
            if (type != MI_MATRIX && type != MI_COMPRESSED) {
                throw new InvalidInputException("file " + file + " is corrupt: data element "
                        + (elements.size() + 1) + " at byte " + offset + " has type " + type
                        + ", expected a variable (miMATRIX or miCOMPRESSED)");
            }
            long end = offset + 8 + size;
            String name = variableName(bytes, offset, type, order);
            String which = name != null ? "variable '" + name + "'"
                    : elements.isEmpty() ? "the first variable"
                    : "the variable after '" + elements.get(elements.size() - 1).name() + "'";
            if (end > bytes.length) {
                throw new InvalidInputException("file " + file + " is truncated: " + which + " (data element "
                        + (elements.size() + 1) + ") needs " + size + " bytes after byte " + (offset + 8)
                        + " but the file has only " + (bytes.length - offset - 8));
            }
            if (name == null) {
                throw new InvalidInputException("file " + file + " is corrupt: data element " + (elements.size() + 1)
                        + " at byte " + offset + " (" + which + ") has no readable variable name");
            }
            elements.add(new Element(name, offset, (int) end));
            offset = (int) end;
        }
        return new MatFileLayout(file, bytes, order, elements);
    }

    private static InvalidInputException truncated(Path file, List<Element> elements, String what) {
        return new InvalidInputException("file " + file + " is truncated: " + what + " " + after(elements));
    }

    private static String after(List<Element> elements) {
        return elements.isEmpty() ? "after the header" : "after variable '" + elements.get(elements.size() - 1).name()
                + "'";
    }

    /** Byte order of a level-5 file; a clear error for anything else (v7.3/HDF5, v4, text, too short). */
    private static ByteOrder checkHeader(Path file, byte[] bytes) {
        if (startsWithHdf5(bytes, 0)) { // plain HDF5 (Octave -hdf5, h5py); MATLAB's v7.3 has a 512-byte header first
            throw v73(file);
        }
        if (bytes.length < HEADER_BYTES) {
            throw new InvalidInputException("file " + file + " is not a MAT-file or is truncated: " + bytes.length
                    + " bytes, shorter than the 128-byte MAT-file header");
        }
        String text = new String(bytes, 0, 116, StandardCharsets.ISO_8859_1);
        ByteOrder order;
        if (bytes[126] == 'I' && bytes[127] == 'M') {
            order = ByteOrder.LITTLE_ENDIAN;
        } else if (bytes[126] == 'M' && bytes[127] == 'I') {
            order = ByteOrder.BIG_ENDIAN;
        } else {
            throw new InvalidInputException("file " + file + " is not a MATLAB level-5 MAT-file (no 'MATLAB 5.0' header"
                    + " with an endian indicator; header starts '" + printable(text) + "')");
        }
        int version = ByteBuffer.wrap(bytes, 124, 2).order(order).getShort() & 0xffff;
        if (version == 0x0200 || text.startsWith("MATLAB 7.3")) {
            throw v73(file);
        }
        if (version != 0x0100) {
            throw new InvalidInputException("file " + file + " has MAT-file version 0x" + Integer.toHexString(version)
                    + ", expected 0x0100 (level 5: MATLAB -v6/-v7, scipy.io.savemat)");
        }
        return order;
    }

    private static InvalidInputException v73(Path file) {
        return new InvalidInputException("file " + file + " is a MATLAB v7.3 (HDF5) MAT-file, which eirnn does not read;"
                + " save it again in level 5 (MATLAB: S = load(f); save(f, '-struct', 'S', '-v7'))");
    }

    private static boolean startsWithHdf5(byte[] b, int at) {
        byte[] sig = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};
        if (b.length < at + sig.length) {
            return false;
        }
        for (int i = 0; i < sig.length; i++) {
            if (b[at + i] != sig[i]) {
                return false;
            }
        }
        return true;
    }

    private static String printable(String s) {
        StringBuilder out = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (out.length() >= 40) {
                break;
            }
            out.append(c >= 32 && c < 127 ? c : '.');
        }
        return out.toString().trim();
    }

    /**
     * The array name inside the element at {@code offset}, decoding as much as is present (a compressed element is
     * inflated only as far as the name); null if it cannot be read.
     */
    private static String variableName(byte[] bytes, int offset, int type, ByteOrder order) {
        int available = (int) Math.min(bytes.length - offset - 8L, Integer.toUnsignedLong(
                ByteBuffer.wrap(bytes).order(order).getInt(offset + 4)));
        byte[] matrix;
        if (type == MI_COMPRESSED) {
            Inflater inflater = new Inflater();
            try {
                inflater.setInput(bytes, offset + 8, available);
                byte[] head = new byte[512];
                int n = 0;
                try {
                    // Small steps keep what was decoded before any damage further on.
                    while (n < head.length && !inflater.finished() && !inflater.needsInput()) {
                        int k = inflater.inflate(head, n, Math.min(16, head.length - n));
                        if (k == 0) {
                            break; // e.g. a stream that asks for a preset dictionary: it would never progress
                        }
                        n += k;
                    }
                } catch (DataFormatException damaged) {
                    // use the bytes decoded so far
                }
                if (n < 8 || ByteBuffer.wrap(head).order(order).getInt(0) != MI_MATRIX) {
                    return null;
                }
                matrix = java.util.Arrays.copyOfRange(head, 8, n);
            } finally {
                inflater.end();
            }
        } else {
            matrix = java.util.Arrays.copyOfRange(bytes, offset + 8, offset + 8 + available);
        }
        ByteBuffer m = ByteBuffer.wrap(matrix).order(order);
        try {
            int pos = skipSubElement(m, 0); // array flags
            pos = skipSubElement(m, pos);   // dimensions
            int tag = m.getInt(pos);
            int nameType;
            int nameLength;
            int dataAt;
            if ((tag >>> 16) != 0) { // small data element: length in the upper half, data in the tag's last 4 bytes
                nameType = tag & 0xffff;
                nameLength = tag >>> 16;
                dataAt = pos + 4;
            } else {
                nameType = tag;
                nameLength = m.getInt(pos + 4);
                dataAt = pos + 8;
            }
            if (nameType != MI_INT8 || dataAt + nameLength > matrix.length) {
                return null;
            }
            String name = new String(matrix, dataAt, nameLength, StandardCharsets.ISO_8859_1);
            // MATLAB names are letters, digits and '_' (MCOS data has an empty name): anything else is damage
            return name.chars().allMatch(c -> c > 32 && c < 127) ? name : null;
        } catch (IndexOutOfBoundsException e) {
            return null;
        }
    }

    /** Position after the sub-element at {@code pos} (normal or small format), 8-byte aligned. */
    private static int skipSubElement(ByteBuffer m, int pos) {
        int tag = m.getInt(pos);
        if ((tag >>> 16) != 0) {
            return pos + 8;
        }
        int size = m.getInt(pos + 4);
        return pos + 8 + ((size + 7) & ~7);
    }

    /** The bytes of one variable as a complete single-variable MAT-file (this file's header + that element). */
    byte[] singleVariableFile(Element e) {
        byte[] out = new byte[HEADER_BYTES + (e.end() - e.offset())];
        System.arraycopy(bytes, 0, out, 0, HEADER_BYTES);
        System.arraycopy(bytes, e.offset(), out, HEADER_BYTES, e.end() - e.offset());
        return out;
    }

    /**
     * This file with every variable named in {@code replaced} removed and {@code appended} added at the end; all
     * other bytes (header and other variables, compressed or not) are copied unchanged.
     */
    byte[] replacing(java.util.Set<String> replaced, byte[] appended) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length + appended.length);
        out.write(bytes, 0, HEADER_BYTES);
        for (Element e : elements) {
            if (!replaced.contains(e.name())) {
                out.write(bytes, e.offset(), e.end() - e.offset());
            }
        }
        out.write(appended, 0, appended.length);
        return out.toByteArray();
    }

    Path file() {
        return file;
    }
}
