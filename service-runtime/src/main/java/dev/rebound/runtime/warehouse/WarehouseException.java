package dev.rebound.runtime.warehouse;

/** A warehouse call failed; treated as transient by the push endpoint (the message is retried). */
public class WarehouseException extends RuntimeException {
    public WarehouseException(String message, Throwable cause) {
        super(message, cause);
    }
}
