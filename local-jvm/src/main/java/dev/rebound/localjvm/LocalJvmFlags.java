package dev.rebound.localjvm;

import java.util.List;

/**
 * The compiler and collector flags of the packaged services this machine starts for a while and then stops: the
 * local mesh's instances (the launcher) and the tests' separate processes ({@code PackagedService}). A laptop or CI
 * runner of two cores runs many such JVMs at once, each living seconds to minutes; the server compiler's background
 * compilation and G1's threads take CPU those JVMs do not live long enough to repay, so they run with the client
 * compiler only (C1) and the serial collector. Each caller adds its own heap and stack flags. Benchmarks pass their
 * own flags instead, keeping the JVM's defaults as deployed.
 */
public final class LocalJvmFlags {
    /** C1 only and the serial collector, before the caller's heap and stack flags. */
    public static final List<String> SERVICE_JVM = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

    private LocalJvmFlags() {
    }
}
