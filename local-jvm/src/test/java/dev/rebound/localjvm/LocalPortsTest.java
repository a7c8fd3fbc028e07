package dev.rebound.localjvm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LocalPortsTest {
    @Test
    void portsAreFreeOutsideTheEphemeralRangeAndNeverHandedOutTwice() throws IOException {
        LocalPorts.Range ephemeral = LocalPorts.ephemeralRange().orElse(LocalPorts.DEFAULT_EPHEMERAL);
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            int port = LocalPorts.free();
            assertThat(port).isBetween(LocalPorts.LOWEST, LocalPorts.HIGHEST);
            assertThat(ephemeral.contains(port)).as("port %d in the ephemeral range %s", port, ephemeral).isFalse();
            assertThat(seen.add(port)).as("port %d handed out twice", port).isTrue();
            try (ServerSocket server = new ServerSocket()) {
                server.bind(new InetSocketAddress(port));
            }
        }
    }

    @Test
    void aPortSomethingListensOnIsNotBindable() throws IOException {
        try (ServerSocket taken = new ServerSocket(0)) {
            assertThat(LocalPorts.bindable(taken.getLocalPort())).isFalse();
        }
    }

    @Test
    void anEphemeralRangeCoveringEveryCandidateFallsBackToAPortTheKernelPicks() throws IOException {
        int port = LocalPorts.free(new LocalPorts.Range(1, 65_535));
        try (ServerSocket server = new ServerSocket()) {
            server.bind(new InetSocketAddress(port));
        }
    }

    @Test
    void theKernelsRangeIsReadAsTwoNumbers() {
        assertThat(LocalPorts.parse("32768\t60999\n")).contains(new LocalPorts.Range(32_768, 60_999));
        assertThat(LocalPorts.parse("1024 65535")).contains(new LocalPorts.Range(1024, 65_535));
        assertThat(LocalPorts.parse("garbage")).isEmpty();
        assertThat(LocalPorts.parse("60999 32768")).isEmpty();
        assertThat(LocalPorts.parse("")).isEmpty();
    }
}
