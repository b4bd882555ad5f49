package org.eirnn.model;

import org.eirnn.InvalidInputException;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.Function;

/** Parsing an option's value into one of an enum's constants by its flag spelling, case-insensitively. */
final class Names {
    private Names() {
    }

    /** The constant whose {@code spelling} is {@code given}; otherwise one line naming the value and the choices. */
    static <E extends Enum<E>> E parse(E[] values, Function<E, String> spelling, String given, String what) {
        String lower = given.toLowerCase(Locale.ROOT);
        for (E e : values) {
            if (spelling.apply(e).equals(lower)) {
                return e;
            }
        }
        throw new InvalidInputException("unknown " + what + " '" + given + "': expected one of "
                + Arrays.stream(values).map(spelling).toList());
    }
}
