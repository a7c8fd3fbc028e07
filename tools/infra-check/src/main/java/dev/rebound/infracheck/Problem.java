package dev.rebound.infracheck;

/** One violated invariant: which check, where (file, module or resource address), and what is wrong. */
public record Problem(String check, String where, String message) {

    @Override
    public String toString() {
        return "[" + check + "] " + where + ": " + message;
    }
}
