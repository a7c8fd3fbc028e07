package dev.rebound.runtime.http;

/**
 * The request bytes this instance lets its guarded endpoints read at once. A push costs several times its body
 * while it is parsed, decoded and handled, so eighty near-limit pushes at once would not fit a small heap; beyond
 * the budget a request is answered 503 before its body is read, and Pub/Sub (or the caller) retries it later —
 * nothing lost, no OutOfMemoryError. A body larger than the whole budget is still let in when nothing else is
 * being read, so every acceptable body can be served.
 */
final class BodyBudget {
    private final long budget;
    private long inUse;

    BodyBudget(long budget) {
        this.budget = budget;
    }

    /** Reserves {@code bytes}; false when they do not fit now. */
    synchronized boolean tryReserve(long bytes) {
        if (inUse > 0 && inUse + bytes > budget) {
            return false;
        }
        inUse += bytes;
        return true;
    }

    synchronized void release(long bytes) {
        inUse = Math.max(0, inUse - bytes);
    }

    synchronized long inUse() {
        return inUse;
    }
}
