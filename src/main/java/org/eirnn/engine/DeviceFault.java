package org.eirnn.engine;

/**
 * A device failed a call it should have been able to make (out of resources, a failed program build on a quirky
 * driver, a lost device): not the caller's fault, so {@link FallbackEngine} can retry the work elsewhere. Bad input
 * is an {@link org.eirnn.InvalidInputException}, never a fault.
 */
public class DeviceFault extends RuntimeException {
    public DeviceFault(String message) {
        super(message);
    }

    public DeviceFault(String message, Throwable cause) {
        super(message, cause);
    }

    /** True for a device fault, or a driver exception that escaped unwrapped (JOCL's CLException). */
    public static boolean is(Throwable t) {
        return t instanceof DeviceFault || t.getClass().getName().equals("org.jocl.CLException");
    }
}
