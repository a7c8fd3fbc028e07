package dev.rebound.runtime.push;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Counts of what the push endpoint did with each message, by outcome. */
@ApplicationScoped
public class PushStats {
    public enum Outcome {
        processed, duplicate, ignored, quarantined, retried
    }

    private final Map<Outcome, AtomicLong> counts = new ConcurrentHashMap<>();

    public void count(Outcome outcome) {
        counts.computeIfAbsent(outcome, o -> new AtomicLong()).incrementAndGet();
    }

    public long get(Outcome outcome) {
        AtomicLong c = counts.get(outcome);
        return c == null ? 0 : c.get();
    }

    public Map<String, Long> snapshot() {
        Map<String, Long> out = new java.util.TreeMap<>();
        for (Outcome o : Outcome.values()) {
            out.put(o.name(), get(o));
        }
        return out;
    }
}
