package dev.rebound.cli;

/**
 * The exit codes of {@code rebound}, for scripts (documented in docs/runbook.md and {@code rebound --help}).
 */
public final class Exit {
    /** Done; for {@code status}: every service ready. */
    public static final int OK = 0;
    /** A service refused or failed the request (4xx, 5xx), or {@code status} found a service not ready. */
    public static final int TROUBLE = 1;
    /** The command line was wrong. */
    public static final int USAGE = 2;
    /** Nothing to talk to: no local mesh and no --project, or a service that cannot be reached or found. */
    public static final int UNREACHABLE = 3;
    /** No identity the service accepts: no Google credentials, or the token was refused (401, 403). */
    public static final int UNAUTHORIZED = 4;
    /** The plan, message or date asked for does not exist (404). */
    public static final int NOT_FOUND = 5;

    private Exit() {
    }

    static int ofStatus(int httpStatus) {
        return switch (httpStatus) {
            case 401, 403 -> UNAUTHORIZED;
            case 404 -> NOT_FOUND;
            default -> TROUBLE;
        };
    }
}
