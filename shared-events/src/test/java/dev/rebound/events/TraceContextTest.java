package dev.rebound.events;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TraceContextTest {
    @Test
    void parsesAndFormatsW3cTraceparent() {
        String header = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
        TraceContext t = TraceContext.parse(header).orElseThrow();
        assertThat(t.traceId()).isEqualTo("0af7651916cd43dd8448eb211c80319c");
        assertThat(t.spanId()).isEqualTo("b7ad6b7169203331");
        assertThat(t.sampled()).isTrue();
        assertThat(t.traceparent()).isEqualTo(header);
    }

    @Test
    void aChildKeepsTheTraceAndGetsItsOwnSpan() {
        TraceContext root = TraceContext.newRoot();
        TraceContext child = root.child();
        assertThat(child.traceId()).isEqualTo(root.traceId());
        assertThat(child.spanId()).isNotEqualTo(root.spanId()).hasSize(16);
        assertThat(root.traceId()).hasSize(32).matches("[0-9a-f]+");
    }

    @Test
    void invalidHeadersAreIgnored() {
        assertThat(TraceContext.parse(null)).isEmpty();
        assertThat(TraceContext.parse("garbage")).isEmpty();
        assertThat(TraceContext.parse("00-00000000000000000000000000000000-b7ad6b7169203331-01")).isEmpty();
        assertThat(TraceContext.parse("00-0af7651916cd43dd8448eb211c80319c-0000000000000000-01")).isEmpty();
        assertThat(TraceContext.parse("00-0AF7651916CD43DD8448EB211C80319C-b7ad6b7169203331-01")).isEmpty();
    }
}
