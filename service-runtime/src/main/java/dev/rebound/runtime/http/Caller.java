package dev.rebound.runtime.http;

/** Who a guarded endpoint is for; each kind has its own allowed accounts and its own body limit. */
public enum Caller {
    /** Pub/Sub delivering a push subscription's message to {@code /pubsub/push}. */
    PUBSUB("push service account"),
    /** Cloud Scheduler calling a periodic {@code /tasks/<job>} endpoint; operators may call these by hand too. */
    SCHEDULER("scheduler or operator account"),
    /** A person (or the {@code rebound} CLI) on the operator API. */
    OPERATOR("operator account");

    private final String accountsDescription;

    Caller(String accountsDescription) {
        this.accountsDescription = accountsDescription;
    }

    /** How refusals name the accounts this kind of endpoint accepts. */
    public String accountsDescription() {
        return accountsDescription;
    }

    /** Lower-case, as in metric labels and problem details. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
