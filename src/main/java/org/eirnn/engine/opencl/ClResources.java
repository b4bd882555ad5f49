package org.eirnn.engine.opencl;

import java.util.ArrayList;
import java.util.List;

/**
 * The device resources (programs, kernels, buffers) of one owner, released together, newest first, so that a
 * constructor that fails half-way and a normal close free the same things.
 */
final class ClResources implements AutoCloseable {
    private final List<AutoCloseable> owned = new ArrayList<>();

    /** Takes {@code resource} into the set and returns it. */
    <T extends AutoCloseable> T own(T resource) {
        owned.add(resource);
        return resource;
    }

    /** Device memory held by the buffers of the set. */
    long bufferBytes() {
        long bytes = 0;
        for (AutoCloseable r : owned) {
            bytes += r instanceof ClBuffer buffer ? buffer.bytes() : 0;
        }
        return bytes;
    }

    @Override
    public void close() {
        for (int i = owned.size() - 1; i >= 0; i--) {
            try {
                owned.get(i).close();
            } catch (Exception e) {
                throw new OpenClException("releasing OpenCL resources failed: " + e.getMessage(), e);
            }
        }
        owned.clear();
    }
}
