package dev.rebound.events.codec;

/** One reason an event is invalid: where (e.g. {@code data.run_id}, {@code attributes.ce-id}) and why. */
public record Violation(String path, String reason) {
    @Override
    public String toString() {
        return path + ": " + reason;
    }
}
