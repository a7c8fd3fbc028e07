package dev.rebound.events;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * W3C Trace Context ({@code traceparent}: version-traceid-parentid-flags), carried in Pub/Sub message attributes so
 * that one repair chain — stuck alert, plan, triggers, completions, coverage resolved — is one trace across
 * services. The same format OpenTelemetry's W3C propagator reads and writes.
 */
public record TraceContext(String traceId, String spanId, boolean sampled) {
    public static final String ATTRIBUTE = "traceparent";
    private static final Pattern TRACEPARENT = Pattern.compile("^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$");
    private static final SecureRandom RANDOM = new SecureRandom();

    public static Optional<TraceContext> parse(String traceparent) {
        if (traceparent == null) {
            return Optional.empty();
        }
        var m = TRACEPARENT.matcher(traceparent.trim());
        if (!m.matches() || m.group(1).equals("0".repeat(32)) || m.group(2).equals("0".repeat(16))) {
            return Optional.empty();
        }
        return Optional.of(new TraceContext(m.group(1), m.group(2), (Integer.parseInt(m.group(3), 16) & 1) == 1));
    }

    public static TraceContext newRoot() {
        return new TraceContext(randomHex(16), randomHex(8), true);
    }

    /** A new span in the same trace (each hop and each publish is its own span). */
    public TraceContext child() {
        return new TraceContext(traceId, randomHex(8), sampled);
    }

    public String traceparent() {
        return "00-" + traceId + "-" + spanId + "-" + (sampled ? "01" : "00");
    }

    private static String randomHex(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
