package dev.rebound.localjvm;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports for processes this machine is about to start (a packaged service, the emulator, a database server), chosen
 * here and bound seconds later by the child. A port the kernel hands out for {@code bind(0)} comes from its ephemeral
 * range, the same range every outgoing connection on the machine takes its local port from: in the seconds a JVM
 * needs to start, another test's HTTP, gRPC or JDBC connection may take it, and the child fails with "port in use".
 * So the port is drawn at random from outside that range, checked free on every interface, and never handed out
 * twice by this JVM.
 */
public final class LocalPorts {
    /** Below this sit well-known and registered defaults (5432, 8080, the local mesh's fixed ports). */
    static final int LOWEST = 10_000;
    static final int HIGHEST = 65_535;
    /** Where the kernel's range cannot be read: Linux's default 32768-60999 and 49152-65535 of macOS and Windows. */
    static final Range DEFAULT_EPHEMERAL = new Range(32_768, 65_535);
    private static final Path LINUX_EPHEMERAL = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    private static final int ATTEMPTS = 200;
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private LocalPorts() {
    }

    /** Inclusive bounds. */
    record Range(int low, int high) {
        boolean contains(int port) {
            return port >= low && port <= high;
        }
    }

    /**
     * A port nothing listens on now, outside the ephemeral range, not handed out before by this JVM. On a machine
     * whose ephemeral range leaves no port above {@value #LOWEST}, any free port the kernel picks.
     */
    public static int free() {
        return free(ephemeralRange().orElse(DEFAULT_EPHEMERAL));
    }

    static int free(Range ephemeral) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < ATTEMPTS; i++) {
            int port = random.nextInt(LOWEST, HIGHEST + 1);
            if (!ephemeral.contains(port) && HANDED_OUT.add(port) && bindable(port)) {
                return port;
            }
        }
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port on this machine", e);
        }
    }

    /** Whether a server could listen on {@code port} on every interface and on the loopback address right now. */
    public static boolean bindable(int port) {
        return bindable(new InetSocketAddress(port)) && bindable(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                port));
    }

    private static boolean bindable(InetSocketAddress address) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(address);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The kernel's ephemeral range where it can be read (Linux). */
    static Optional<Range> ephemeralRange() {
        try {
            return parse(Files.readString(LINUX_EPHEMERAL));
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
    }

    static Optional<Range> parse(String text) {
        String[] parts = text.trim().split("\\s+");
        if (parts.length != 2) {
            return Optional.empty();
        }
        try {
            int low = Integer.parseInt(parts[0]);
            int high = Integer.parseInt(parts[1]);
            return low <= high ? Optional.of(new Range(low, high)) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
