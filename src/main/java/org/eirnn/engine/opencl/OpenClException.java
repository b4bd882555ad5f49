package org.eirnn.engine.opencl;

import org.jocl.CL;
import org.jocl.CLException;

/** An OpenCL call failed (a {@link org.eirnn.engine.DeviceFault}); the message names the operation and the error code in words. */
public class OpenClException extends org.eirnn.engine.DeviceFault {
    public OpenClException(String message) {
        super(message);
    }

    public OpenClException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Wraps JOCL's exception, naming what we were doing and the readable error code. */
    static OpenClException during(String what, CLException e) {
        return new OpenClException(what + " failed: " + CL.stringFor_errorCode(e.getStatus()), e);
    }
}
