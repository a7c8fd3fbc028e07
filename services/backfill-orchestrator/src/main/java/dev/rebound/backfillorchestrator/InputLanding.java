package dev.rebound.backfillorchestrator;

import java.time.Instant;

/**
 * A scraper's input landing as this service knows it: {@code landedAt} as its completion says, {@code heardAt} when
 * this service first received that completion (null if unknown). The pipeline's own run of the processor fed by the
 * input starts when the pipeline hears of the landing, through the same delivery: {@link #startsRunFrom()}.
 */
public record InputLanding(Instant landedAt, Instant heardAt) {

    /** From when the run this landing starts can be expected: the later of the landing and its arrival here. */
    public Instant startsRunFrom() {
        return heardAt != null && heardAt.isAfter(landedAt) ? heardAt : landedAt;
    }
}
