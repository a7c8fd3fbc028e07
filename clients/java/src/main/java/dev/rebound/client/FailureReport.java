package dev.rebound.client;

import dev.rebound.events.EventType;
import dev.rebound.events.v1.ProcessorFailed.Reason;
import java.util.concurrent.TimeoutException;

/**
 * What a failed event says about an exception: a {@link RunFailure} says it itself; a timeout
 * ({@link TimeoutException}, or any exception named {@code *TimeoutException}, such as
 * {@code SocketTimeoutException} and {@code HttpTimeoutException}) is {@code timeout}; anything else is {@code error}. Only a RunFailure can say
 * "not retryable": Rebound caps its attempts anyway, and a run that failed on bad luck should get another.
 */
record FailureReport(Reason reason, String message, boolean retryable) {
    private static final int DEFAULT_MAX_MESSAGE = 4000;

    static FailureReport of(Throwable failure) {
        if (failure instanceof RunFailure declared) {
            return new FailureReport(declared.reason(), fit(declared.getMessage(), declared), declared.retryable());
        }
        Reason reason = isTimeout(failure) ? Reason.TIMEOUT : Reason.ERROR;
        String text = failure.getMessage() == null ? failure.getClass().getSimpleName()
                : failure.getClass().getSimpleName() + ": " + failure.getMessage();
        return new FailureReport(reason, fit(text, failure), true);
    }

    private static boolean isTimeout(Throwable failure) {
        return failure instanceof TimeoutException || failure.getClass().getSimpleName().endsWith("TimeoutException");
    }

    /** The message as long as the contract allows (exception texts can be pages of SQL). */
    static String fit(String message, Throwable failure) {
        String text = message == null || message.isBlank() ? failure.getClass().getSimpleName() : message;
        int max = Contract.maxLength(EventType.PROCESSOR_FAILED, "message").orElse(DEFAULT_MAX_MESSAGE);
        if (text.length() <= max) {
            return text;
        }
        int cut = Math.max(0, max - 1);
        if (cut > 0 && Character.isHighSurrogate(text.charAt(cut - 1))) {
            cut--;
        }
        return text.substring(0, cut) + "…";
    }
}
