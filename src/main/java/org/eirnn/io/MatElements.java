package org.eirnn.io;

import org.eirnn.InvalidInputException;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Decompresses and bounds the variables of a level-5 MAT-file before MatFileRW decodes them, so that no file,
 * however hostile, makes eirnn allocate more than a fixed multiple of what the file can really hold.
 *
 * <p>MatFileRW would inflate a {@code miCOMPRESSED} element without any bound (a compression bomb fills the heap) and
 * would allocate every array by the dimensions its header claims (a 185-byte file can claim 30000×30000 doubles).
 * Here instead:
 * <ul>
 * <li>a compressed element is inflated with {@link Inflater} (zlib) into one array of exactly the size its inner
 * {@code miMATRIX} tag declares, and never further; that size must be at most {@link #MAX_VARIABLE_BYTES}, at most
 * what the compressed bytes can hold ({@link #MAX_DEFLATE_RATIO}:1, deflate's ceiling), and must fit in the heap;</li>
 * <li>every array (also inside cells and structs) may claim at most one element per byte of its data element
 * (eight per byte for a cell or struct, whose members are at least an 8-byte tag each), so the arrays MatFileRW
 * allocates are at most 16 times the element's bytes; arrays nested deeper than {@link #MAX_DEPTH} and the classes
 * eirnn does not decode (objects, function handles, opaque) are refused.</li>
 * </ul>
 * A variable that fails these checks is refused in one line naming the file and the variable, or, when the caller
 * does not need it, skipped and listed.
 */
final class MatElements {
    /** Largest uncompressed variable (tag included): just under the 2 GiB a Java array (and MatFileRW) addresses. */
    static final long MAX_VARIABLE_BYTES = Integer.MAX_VALUE - 1024L;
    /** Deflate cannot expand its input by more than about 1032:1 (258-byte matches in 2-bit codes). */
    static final long MAX_DEFLATE_RATIO = 1032;
    /** Deepest nesting of cells and structs accepted. */
    static final int MAX_DEPTH = 32;
    /** Reading holds the uncompressed bytes, MatFileRW's copy of them and the decoded arrays at once. */
    private static final int MEMORY_COPIES = 3;

    private static final int MI_INT8 = 1;
    private static final int MI_MATRIX = 14;
    private static final int MI_COMPRESSED = 15;
    private static final int CELL = 1;
    private static final int STRUCT = 2;
    private static final int SPARSE = 5;

    private final Path file;
    private final ByteOrder order;
    private long inflated;

    private MatElements(Path file, ByteOrder order) {
        this.file = file;
        this.order = order;
    }

    /**
     * The file of {@code layout} with every variable uncompressed and checked: header plus plain {@code miMATRIX}
     * elements. Variables that fail a check are refused, or skipped (named in {@code skipped}) when {@code used}
     * says the caller does not read them. A file already plain and sound is returned as it is (its own array).
     */
    static byte[] uncompressed(MatFileLayout layout, Predicate<String> used, List<String> skipped) {
        MatElements m = new MatElements(layout.file(), layout.order);
        ByteArrayOutputStream out = new ByteArrayOutputStream(layout.bytes.length);
        out.write(layout.bytes, 0, MatFileLayout.HEADER_BYTES);
        boolean unchanged = true;
        for (MatFileLayout.Element e : layout.elements) {
            try {
                byte[] plain = m.plain(layout.bytes, e);
                int start = plain == layout.bytes ? e.offset() : 0;
                int limit = plain == layout.bytes ? e.end() : plain.length;
                m.check(ByteBuffer.wrap(plain).order(layout.order), start, limit, e.name(), 0);
                out.write(plain, start, limit - start);
                unchanged &= plain == layout.bytes;
            } catch (InvalidInputException bad) {
                if (used.test(e.name())) {
                    throw bad;
                }
                skipped.add(e.name());
                unchanged = false;
            }
        }
        return unchanged ? layout.bytes : out.toByteArray();
    }

    /** The element's miMATRIX bytes: {@code bytes} itself for a plain one (at e.offset()), else a new array. */
    private byte[] plain(byte[] bytes, MatFileLayout.Element e) {
        int type = ByteBuffer.wrap(bytes).order(order).getInt(e.offset());
        if (type != MI_COMPRESSED) {
            return bytes;
        }
        Inflater inflater = new Inflater();
        try {
            int compressed = e.end() - e.offset() - 8;
            inflater.setInput(bytes, e.offset() + 8, compressed);
            byte[] tag = new byte[8];
            if (fill(inflater, tag, 0) < 8) {
                throw corrupt(e.name(), "its compressed data end before the first 8 bytes");
            }
            ByteBuffer t = ByteBuffer.wrap(tag).order(order);
            if (t.getInt(0) != MI_MATRIX) {
                throw corrupt(e.name(), "its compressed data hold a data element of type " + t.getInt(0)
                        + ", expected miMATRIX (14)");
            }
            long total = 8 + Integer.toUnsignedLong(t.getInt(4));
            checkInflatedSize(e.name(), total, compressed);
            byte[] out = new byte[(int) total];
            System.arraycopy(tag, 0, out, 0, 8);
            int got = fill(inflater, out, 8);
            if (got < total) {
                throw corrupt(e.name(), "its compressed data hold " + got + " bytes, its header claims " + total);
            }
            return out;
        } catch (DataFormatException damaged) {
            throw corrupt(e.name(), "its compressed data are damaged (" + damaged.getMessage() + ")");
        } finally {
            inflater.end();
        }
    }

    /** Inflates into {@code out} from {@code from} until it is full or the stream ends; the bytes filled. */
    private static int fill(Inflater inflater, byte[] out, int from) throws DataFormatException {
        int n = from;
        while (n < out.length) {
            int k = inflater.inflate(out, n, out.length - n);
            if (k == 0) {
                break; // finished, out of input, or asking for a preset dictionary (no MAT-file has one)
            }
            n += k;
        }
        return n;
    }

    /** Refuses before allocating: beyond the limit, beyond what the compressed bytes can hold, beyond the heap. */
    private void checkInflatedSize(String name, long total, int compressed) {
        if (total > MAX_VARIABLE_BYTES) {
            throw new InvalidInputException(String.format(Locale.ROOT, "file %s: variable '%s' claims %d bytes"
                    + " uncompressed, more than eirnn reads in one variable (%d bytes, 2 GiB)", file, name, total,
                    MAX_VARIABLE_BYTES));
        }
        if (total > compressed * MAX_DEFLATE_RATIO + 64) {
            throw corrupt(name, "its header claims " + total + " bytes uncompressed, more than its " + compressed
                    + " compressed bytes can hold (zlib expands at most " + MAX_DEFLATE_RATIO + ":1)");
        }
        inflated += total;
        Runtime rt = Runtime.getRuntime();
        long needed = MEMORY_COPIES * inflated;
        if (needed > rt.maxMemory() - (rt.totalMemory() - rt.freeMemory())) {
            System.gc(); // what is free may be uncollected garbage: ask once before refusing
            long free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
            if (needed > free) {
                throw new InvalidInputException(String.format(Locale.ROOT, "file %s: reading it up to variable '%s'"
                        + " needs about %d MiB of memory (%d MiB uncompressed), the JVM has %d MiB free; give java"
                        + " more (EIRNN_JAVA_OPTS=-Xmx...)", file, name, needed >> 20, inflated >> 20, free >> 20));
            }
        }
    }

    /**
     * Checks the miMATRIX element at {@code pos} of {@code b} (tag included) and, for cells and structs, its members:
     * declared sizes within the element, dimensions non-negative and bounded by the element's bytes.
     */
    private void check(ByteBuffer b, int pos, int limit, String name, int depth) {
        if (depth > MAX_DEPTH) {
            throw corrupt(name, "nests cells or structs deeper than " + MAX_DEPTH + " levels");
        }
        if (limit - pos < 8 || b.getInt(pos) != MI_MATRIX) {
            throw corrupt(name, "a member is not a miMATRIX element");
        }
        long size = Integer.toUnsignedLong(b.getInt(pos + 4));
        if (size == 0) {
            return; // an empty member of a cell or struct
        }
        int end = (int) Math.min(limit, pos + 8 + size);
        if (pos + 8 + size > limit) {
            throw corrupt(name, "a member claims " + size + " bytes, more than its parent holds");
        }
        Sub flags = sub(b, pos + 8, end, name, "array flags");
        if (flags.size < 8) {
            throw corrupt(name, "its array flags are shorter than 8 bytes");
        }
        int cls = b.getInt(flags.data) & 0xff;
        Sub dims = sub(b, flags.next, end, name, "dimensions");
        long count = elements(b, dims, name);
        Sub arrayName = sub(b, dims.next, end, name, "name");
        if (arrayName.type != MI_INT8) {
            throw corrupt(name, "its name is of type " + arrayName.type + ", expected miINT8");
        }
        long bytes = end - pos;
        switch (cls) {
            case CELL -> checkMembers(b, arrayName.next, end, name, depth, count, 1);
            case STRUCT -> checkStruct(b, arrayName.next, end, name, depth, count);
            case SPARSE -> checkData(b, arrayName.next, end, name); // index lists: the dimensions allocate nothing
            default -> {
                if (cls < 4 || cls > 15) {
                    throw corrupt(name, "has MATLAB array class " + cls + " (object, function handle or opaque),"
                            + " which eirnn does not decode");
                }
                if (count > bytes) {
                    throw corrupt(name, "claims " + count + " elements, more than its " + bytes + " bytes can hold");
                }
                checkData(b, arrayName.next, end, name);
            }
        }
    }

    /** The data sub-elements (real, imaginary; ir, jc for sparse): each must lie within the variable. */
    private void checkData(ByteBuffer b, int pos, int end, String name) {
        for (int at = pos; at < end; ) {
            at = sub(b, at, end, name, "data").next; // MatFileRW allocates what a data tag claims
        }
    }

    private void checkStruct(ByteBuffer b, int pos, int end, String name, int depth, long count) {
        Sub nameLength = sub(b, pos, end, name, "field name length");
        int length = nameLength.size >= 4 ? b.getInt(nameLength.data) : 0;
        Sub names = sub(b, nameLength.next, end, name, "field names");
        if (length <= 0 || names.size % length != 0) {
            throw corrupt(name, "its struct field names are malformed");
        }
        checkMembers(b, names.next, end, name, depth, count, names.size / length);
    }

    /** {@code count × perElement} miMATRIX members from {@code pos}, each at least an 8-byte tag. */
    private void checkMembers(ByteBuffer b, int pos, int end, String name, int depth, long count, long perElement) {
        long members = count * perElement;
        if (perElement != 0 && (members / perElement != count || members > (end - pos) / 8)) {
            throw corrupt(name, "claims " + count + "×" + perElement + " members, more than its bytes can hold");
        }
        int at = pos;
        for (long k = 0; k < members; k++) {
            check(b, at, end, name, depth + 1);
            at = (int) (at + 8 + Integer.toUnsignedLong(b.getInt(at + 4)));
        }
    }

    /** Product of the dimensions; every dimension must be non-negative (the product saturates, never overflows). */
    private long elements(ByteBuffer b, Sub dims, String name) {
        if (dims.size < 8 || dims.size % 4 != 0) {
            throw corrupt(name, "its dimensions take " + dims.size + " bytes, expected 4 per dimension, at least 2");
        }
        long count = 1;
        for (int k = 0; k < dims.size / 4; k++) {
            int d = b.getInt(dims.data + 4 * k);
            if (d < 0) {
                throw corrupt(name, "has a negative dimension " + d);
            }
            count = d == 0 ? 0 : count > Long.MAX_VALUE / d ? Long.MAX_VALUE : count * d;
        }
        return count;
    }

    /** A sub-element: type, data size, where its data start and where the next one starts (8-byte aligned). */
    private record Sub(int type, int size, int data, int next) {
    }

    private Sub sub(ByteBuffer b, int pos, int end, String name, String what) {
        if (end - pos < 8) {
            throw corrupt(name, "ends before its " + what);
        }
        int tag = b.getInt(pos);
        Sub s;
        if ((tag >>> 16) != 0) { // small data element: size in the upper half, data in the tag's last 4 bytes
            s = new Sub(tag & 0xffff, tag >>> 16, pos + 4, pos + 8);
            if (s.size > 4) {
                throw corrupt(name, "its " + what + " are a malformed small data element");
            }
        } else {
            long size = Integer.toUnsignedLong(b.getInt(pos + 4));
            long next = pos + 8 + ((size + 7) & ~7L);
            if (pos + 8 + size > end) {
                throw corrupt(name, "its " + what + " claim " + size + " bytes, more than the variable holds");
            }
            s = new Sub(tag, (int) size, pos + 8, (int) Math.min(next, end));
        }
        return s;
    }

    private InvalidInputException corrupt(String name, String problem) {
        return new InvalidInputException("file " + file + " is corrupt: variable '" + name + "': " + problem);
    }
}
