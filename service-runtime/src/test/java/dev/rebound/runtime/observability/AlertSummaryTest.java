package dev.rebound.runtime.observability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rebound.events.Event;
import dev.rebound.events.EventType;
import dev.rebound.events.Fixtures;
import dev.rebound.events.Topics;
import dev.rebound.events.codec.EventCodec;
import org.junit.jupiter.api.Test;

/** Every alert gets a line a person reads on call (the log entry pages carry it, `rebound alerts` shows it). */
class AlertSummaryTest {

    @Test
    void everyAlertTypeIsSummarisedInWordsNotAsARecord() {
        EventCodec codec = new EventCodec();
        for (EventType type : EventType.values()) {
            if (!type.topic().equals(Topics.PIPELINE_ALERTS)) {
                continue;
            }
            Fixtures.Fixture fixture = Fixtures.v1(type.ceType());
            Event<?> event = codec.decode(fixture.dataBytes(), fixture.attributes());
            assertThat(EventObservability.summaryOf(event.data())).as(type.ceType())
                    .doesNotContain("=").doesNotContain(event.data().getClass().getSimpleName() + "[");
        }
    }
}
