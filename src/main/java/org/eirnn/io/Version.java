package org.eirnn.io;

/** The eirnn version recorded in the files it writes: the jar's Implementation-Version, "dev" when run from classes. */
public final class Version {
    private Version() {
    }

    public static String current() {
        String v = Version.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
