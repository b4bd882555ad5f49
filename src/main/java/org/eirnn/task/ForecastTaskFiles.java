package org.eirnn.task;

import org.eirnn.InvalidInputException;
import org.eirnn.io.LifMatFile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A user's own series for {@link ForecastTask}: rows are time points, columns are channels.
 * <ul>
 *   <li>CSV (or whitespace-separated text): one point per line, the channels separated by commas, semicolons, tabs
 *       or spaces; a first line that is not numeric is a header and skipped; blank lines and lines starting with
 *       {@code #} are skipped.</li>
 *   <li>{@code .mat}: a real 2-D numeric variable (default {@code series}), P×C; a 1×P row vector is one
 *       channel.</li>
 * </ul>
 * Anything else is refused in one line naming the file, the line or variable, and what was expected.
 */
public final class ForecastTaskFiles {
    /** The most values a series may hold (8 M doubles = 64 MB), refused before reading more. */
    public static final long MAX_VALUES = 8L << 20;

    private ForecastTaskFiles() {
    }

    /** Reads {@code file}: {@code .mat} by extension (variable {@code variable}), else text. */
    public static ForecastTask read(Path file, String variable) throws IOException {
        InvalidInputException.require(Files.isRegularFile(file),
                () -> "--series " + file + " is not a file: expected a CSV or .mat series");
        InvalidInputException.require(Files.size(file) <= MAX_VALUES * 32,
                () -> "--series " + file + " is " + sizeOf(file) + " bytes: expected at most " + MAX_VALUES * 32);
        return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".mat") ? mat(file, variable)
                : text(file);
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }

    private static ForecastTask mat(Path file, String variable) throws IOException {
        LifMatFile.Matrix m = LifMatFile.read(file, variable);
        boolean row = m.rows() == 1 && m.cols() > 1;
        return new ForecastTask(file.getFileName().toString(), row ? m.cols() : m.rows(), row ? 1 : m.cols(),
                m.rowMajor());
    }

    private static ForecastTask text(Path file) throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (java.nio.charset.MalformedInputException e) {
            throw new InvalidInputException("--series " + file + " is not UTF-8 text: expected a CSV series or a .mat"
                    + " file");
        }
        List<double[]> rows = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            double[] values = parse(line);
            if (values == null && rows.isEmpty() && !headerSeen(rows, i, lines)) {
                continue;   // a header
            }
            int lineNo = i + 1;
            InvalidInputException.require(values != null, () -> "--series " + file + " line " + lineNo + " '"
                    + shortened(line) + "' is not valid: expected numbers separated by commas or spaces");
            InvalidInputException.require(rows.isEmpty() || values.length == rows.get(0).length,
                    () -> "--series " + file + " line " + lineNo + " has " + values.length + " value(s): expected "
                            + rows.get(0).length + " like the first data line");
            rows.add(values);
        }
        InvalidInputException.require(!rows.isEmpty(), () -> "--series " + file + " holds no numbers: expected one "
                + "line per time point");
        int channels = rows.get(0).length;
        double[] all = new double[rows.size() * channels];
        for (int p = 0; p < rows.size(); p++) {
            System.arraycopy(rows.get(p), 0, all, p * channels, channels);
        }
        return new ForecastTask(file.getFileName().toString(), rows.size(), channels, all);
    }

    /** True once a non-numeric first data line was taken as the header (only one header is allowed). */
    private static boolean headerSeen(List<double[]> rows, int index, List<String> lines) {
        for (int i = 0; i < index; i++) {
            String l = lines.get(i).strip();
            if (!l.isEmpty() && !l.startsWith("#")) {
                return true;
            }
        }
        return false;
    }

    /** The numbers of one line, or null when any field is not a number. */
    private static double[] parse(String line) {
        String[] fields = line.split("[,;\\s]+");
        double[] out = new double[fields.length];
        for (int c = 0; c < fields.length; c++) {
            try {
                out[c] = Double.parseDouble(fields[c]);
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return out;
    }

    private static String shortened(String line) {
        return line.length() <= 40 ? line : line.substring(0, 37) + "...";
    }
}
