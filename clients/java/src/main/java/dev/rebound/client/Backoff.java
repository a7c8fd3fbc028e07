package dev.rebound.client;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How a failed publish is retried: the wait doubles from {@code initial} up to {@code max}, with jitter so that many
 * processors do not retry in step, until the event has been failing for {@code giveUpAfter}.
 */
public record Backoff(Duration initial, Duration max, Duration giveUpAfter) {
    /** 250 ms doubling to 30 s, for up to 10 minutes. */
    public static final Backoff DEFAULT = new Backoff(Duration.ofMillis(250), Duration.ofSeconds(30),
            Duration.ofMinutes(10));

    public Backoff {
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(max, "max");
        Objects.requireNonNull(giveUpAfter, "giveUpAfter");
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0 || giveUpAfter.isNegative()) {
            throw new IllegalArgumentException("backoff needs 0 < initial <= max and giveUpAfter >= 0, was "
                    + initial + ", " + max + ", " + giveUpAfter);
        }
    }

    /** The wait before retry number {@code retry} (1 for the first retry): half fixed, half random. */
    public Duration delay(int retry) {
        long ceiling = initial.toMillis() << Math.min(Math.max(retry - 1, 0), 20);
        long capped = Math.min(ceiling, max.toMillis());
        long half = capped / 2;
        return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(capped - half + 1));
    }
}
