package org.eirnn.io;

import com.jmatio.types.MLArray;
import com.jmatio.types.MLChar;
import com.jmatio.types.MLNumericArray;
import org.eirnn.InvalidInputException;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The variables of one MAT-file with checked access: every accessor names the file and the variable in its error
 * (missing, wrong class, wrong shape), so a user knows exactly which field of which file to fix.
 */
final class MatVariables {
    private final Path file;
    private final Map<String, MLArray> vars;

    MatVariables(Path file, Map<String, MLArray> vars) {
        this.file = file;
        this.vars = vars;
    }

    Path file() {
        return file;
    }

    boolean has(String name) {
        return vars.containsKey(name);
    }

    java.util.Set<String> names() {
        return vars.keySet();
    }

    /** The name of the last variable in the file's order. */
    String lastName() {
        String last = null;
        for (String name : vars.keySet()) {
            last = name;
        }
        return last;
    }

    MLArray get(String name) {
        MLArray a = vars.get(name);
        if (a == null) {
            throw new InvalidInputException("file " + file + ": variable '" + name + "' is missing");
        }
        return a;
    }

    /** MATLAB class name of a variable ("single", "double", "logical", "int64", "char", …). */
    String className(String name) {
        MLArray a = get(name);
        return a.isLogical() ? "logical" : MLArray.typeToString(a.getType());
    }

    /** The dimensions with trailing singletons beyond two removed (MATLAB's view: (T, N, 1) is T×N). */
    int[] dims(String name) {
        int[] d = get(name).getDimensions();
        int len = d.length;
        while (len > 2 && d[len - 1] == 1) {
            len--;
        }
        return Arrays.copyOf(d, len);
    }

    /** A real numeric (or logical) variable that must be rows×cols; its values row-major. */
    double[] matrix(String name, int rows, int cols, String meaning) {
        int[] d = dims(name);
        if (d.length != 2 || d[0] != rows || d[1] != cols) {
            throw shape(name, rows + "×" + cols + " (" + meaning + ")");
        }
        return MatArrays.rowMajor(numbers(name), rows);
    }

    /** A vector of any orientation (1×n or n×1, also n×1×1); its values in order. */
    double[] vector(String name) {
        int[] d = dims(name);
        if (d.length != 2 || (d[0] != 1 && d[1] != 1 && d[0] * d[1] != 0)) {
            throw shape(name, "a vector (1×n or n×1)");
        }
        return numbers(name);
    }

    /** A 1×1 numeric variable. */
    double scalar(String name) {
        int[] d = dims(name);
        if (Arrays.stream(d).reduce(1, (a, b) -> a * b) != 1) {
            throw shape(name, "1×1");
        }
        return numbers(name)[0];
    }

    /** A char variable as one string (a 1×n row). */
    String string(String name) {
        MLArray a = get(name);
        if (!(a instanceof MLChar c)) {
            throw new InvalidInputException("file " + file + ": variable '" + name + "' is " + className(name)
                    + ", expected char");
        }
        return a.getM() == 0 ? "" : c.getString(0).trim();
    }

    /** The rows of a char matrix (e.g. 100×4 'same'/'diff'). */
    String[] rows(String name) {
        MLArray a = get(name);
        if (!(a instanceof MLChar c)) {
            throw new InvalidInputException("file " + file + ": variable '" + name + "' is " + className(name)
                    + ", expected char");
        }
        String[] out = new String[a.getM()];
        for (int i = 0; i < out.length; i++) {
            out[i] = c.getString(i).trim();
        }
        return out;
    }

    /** Column-major values of a real numeric variable, widened to double. */
    double[] numbers(String name) {
        MLArray a = get(name);
        if (!(a instanceof MLNumericArray<?> n) || a.isComplex()) {
            throw new InvalidInputException("file " + file + ": variable '" + name + "' is " + className(name)
                    + (a.isComplex() ? " complex" : "") + ", expected a real numeric array");
        }
        return MatArrays.values(n);
    }

    InvalidInputException shape(String name, String expected) {
        String got = Arrays.stream(get(name).getDimensions()).mapToObj(Integer::toString)
                .collect(Collectors.joining("×"));
        return new InvalidInputException("file " + file + ": variable '" + name + "' is " + got + " "
                + className(name) + ", expected " + expected);
    }

    InvalidInputException invalid(String name, String problem) {
        return new InvalidInputException("file " + file + ": variable '" + name + "' " + problem);
    }
}
