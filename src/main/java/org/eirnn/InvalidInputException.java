package org.eirnn;

/**
 * A value given by the user (flag, parameter, file) that cannot be used. The message is one line that
 * names the value and what was expected; the command line prints it and exits with status 2.
 */
public class InvalidInputException extends RuntimeException {
    public InvalidInputException(String message) {
        super(message);
    }

    public InvalidInputException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Throws unless {@code ok}; the message is built only on failure. */
    public static void require(boolean ok, java.util.function.Supplier<String> message) {
        if (!ok) {
            throw new InvalidInputException(message.get());
        }
    }
}
