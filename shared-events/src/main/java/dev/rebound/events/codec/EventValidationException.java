package dev.rebound.events.codec;

import java.util.List;
import java.util.stream.Collectors;

/** An event could not be encoded or decoded; {@link #violations()} say where and why. */
public class EventValidationException extends RuntimeException {
    private final List<Violation> violations;

    public EventValidationException(List<Violation> violations) {
        super(violations.stream().map(Violation::toString).collect(Collectors.joining("; ")));
        this.violations = List.copyOf(violations);
    }

    public EventValidationException(String path, String reason) {
        this(List.of(new Violation(path, reason)));
    }

    public List<Violation> violations() {
        return violations;
    }

    /** The first violation, used as the quarantine reason's headline. */
    public Violation first() {
        return violations.get(0);
    }
}
