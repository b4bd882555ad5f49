package org.eirnn.io;

import com.jmatio.io.MatFileReader;
import com.jmatio.io.MatFileType;
import com.jmatio.types.MLArray;
import org.eirnn.InvalidInputException;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Reads the variables of a level-5 MAT-file: layout check ({@link MatFileLayout}), bounded decompression and size
 * checks ({@link MatElements}), then MatFileRW on the plain elements. Every failure is one
 * {@link InvalidInputException} naming the file and, where there is one, the variable.
 */
final class MatDecoder {
    private MatDecoder() {
    }

    /** The bytes of {@code file}; a missing file is named as a {@code what} (e.g. "model file"). */
    static byte[] readBytes(Path file, String what) throws IOException {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(what + " " + file + " does not exist");
        }
    }

    /**
     * Every variable of {@code bytes} (read from {@code file}). A variable that cannot be decoded is refused when
     * {@code used} accepts its name, and otherwise skipped and named in {@code skipped}.
     */
    static Map<String, MLArray> read(Path file, byte[] bytes, Predicate<String> used, List<String> skipped) {
        MatFileLayout original = MatFileLayout.scan(file, bytes);
        byte[] uncompressed = MatElements.uncompressed(original, used, skipped);
        MatFileLayout plain = uncompressed == bytes ? original : MatFileLayout.scan(file, uncompressed);
        return decode(plain, used, skipped);
    }

    /**
     * Parses every variable with MatFileRW. When the whole file does not parse, each variable is parsed on its own:
     * a broken variable the caller uses is named in the error; one it does not use (e.g. an analysis object MATLAB
     * appended that MatFileRW cannot decode) is skipped and listed in {@code skipped}.
     */
    private static Map<String, MLArray> decode(MatFileLayout layout, Predicate<String> used, List<String> skipped) {
        try {
            Map<String, MLArray> vars = parse(layout.bytes);
            // A name stored twice (save -append of an existing variable): the last one is the newest value.
            Map<String, MatFileLayout.Element> last = new HashMap<>();
            Set<String> repeated = new HashSet<>();
            for (MatFileLayout.Element e : layout.elements) {
                if (last.put(e.name(), e) != null) {
                    repeated.add(e.name());
                }
            }
            for (String name : repeated) {
                vars.put(name, parse(layout.singleVariableFile(last.get(name))).get(name));
            }
            return vars;
        } catch (IOException | RuntimeException whole) {
            Map<String, MLArray> vars = new LinkedHashMap<>();
            for (MatFileLayout.Element e : layout.elements) {
                try {
                    vars.put(e.name(), parse(layout.singleVariableFile(e)).get(e.name()));
                } catch (IOException | RuntimeException one) {
                    if (!used.test(e.name())) {
                        skipped.add(e.name());
                        continue;
                    }
                    throw new InvalidInputException("file " + layout.file() + " is corrupt: variable '" + e.name()
                            + "' cannot be decoded (" + (one.getMessage() == null ? one.getClass().getSimpleName()
                            : one.getMessage().replaceAll("\\s+", " ")) + ")", one);
                }
            }
            return vars;
        }
    }

    private static Map<String, MLArray> parse(byte[] bytes) throws IOException {
        MatFileReader reader = new MatFileReader(new ByteArrayInputStream(bytes), MatFileType.Regular);
        return new LinkedHashMap<>(reader.getContent());
    }
}
