package dev.rebound.testing.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.rebound.events.Event;
import dev.rebound.events.Topics;
import dev.rebound.events.catalog.TopicCatalog;
import dev.rebound.events.codec.EncodedMessage;
import dev.rebound.events.codec.EventCodec;
import dev.rebound.events.codec.Json;
import dev.rebound.events.v1.ProcessorTrigger;
import dev.rebound.runtime.outbox.OutboxRelay;
import dev.rebound.runtime.sql.Sql;
import dev.rebound.runtime.store.StateStore;
import dev.rebound.testing.PubSubEmulator;
import dev.rebound.testing.PubSubTestClient;
import dev.rebound.testing.RequiresPubSubEmulator;
import dev.rebound.testing.TestStores;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The outbox relay on a real PostgreSQL server publishing to the real Pub/Sub emulator: two relays at once publish
 * each row once; a relay that dies mid-batch loses nothing; one ordering key leaves in order; a failed publish is
 * retried.
 */
@RequiresPubSubEmulator
class OutboxRelayTest {
    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private final EventCodec codec = new EventCodec();
    private StateStore store;
    private PubSubTestClient pubsub;

    @BeforeEach
    void setUp() {
        store = TestStores.migrated("outbox_test", null);
        PubSubEmulator emulator = PubSubEmulator.shared().orElseThrow();
        pubsub = new PubSubTestClient(emulator.hostPort(), "outbox-" + UUID.randomUUID().toString().substring(0, 8));
        pubsub.provisionTopicsWithProbes(TopicCatalog.load());
    }

    @AfterEach
    void tearDown() {
        pubsub.close();
    }

    private Event<ProcessorTrigger> trigger(int n) {
        return Event.of("//rebound/outbox-test", Instant.parse("2026-01-23T06:00:00Z"), new ProcessorTrigger(
                "Processor" + n, LocalDate.of(2026, 1, 22), "test", "plan-" + n, 1,
                Instant.parse("2026-01-23T06:00:00Z")), "corr-" + n);
    }

    private void addRows(int count, String orderingKey) {
        store.inTransaction(() -> {
            for (int i = 0; i < count; i++) {
                Event<ProcessorTrigger> e = trigger(i);
                EncodedMessage m = codec.encode(e);
                store.execute(Sql.of("INSERT INTO outbox (event_id, topic, ce_type, ordering_key, attributes, data)"
                                + " VALUES (@id, @topic, @type, @key, @attrs, @data)")
                        .bind("id", e.id()).bind("topic", Topics.PROCESSOR_TRIGGERS).bind("type", e.type().ceType())
                        .bind("key", orderingKey).bind("attrs", json(m.attributes()))
                        .bind("data", m.data()));
            }
        });
    }

    private static String json(Map<String, String> attributes) {
        try {
            return Json.mapper().writeValueAsString(attributes);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private OutboxRelay relay(OutboxRelay.Publish publish) {
        return new OutboxRelay(store, publish, 10, Duration.ofMillis(200));
    }

    private List<String> publishedIds() {
        return pubsub.received(Topics.PROCESSOR_TRIGGERS).stream()
                .map(m -> m.getMessage().getAttributesMap().get("ce-id")).toList();
    }

    private long unsent() {
        return store.query(Sql.of("SELECT count(*) AS n FROM outbox WHERE sent_at IS NULL")).get(0).getLong("n");
    }

    @Test
    void twoConcurrentRelaysPublishEachRowOnce() throws Exception {
        addRows(120, null);
        OutboxRelay a = relay(pubsub::publish);
        OutboxRelay b = relay(pubsub::publish);
        CompletableFuture<Integer> first = CompletableFuture.supplyAsync(a::relayAll);
        CompletableFuture<Integer> second = CompletableFuture.supplyAsync(b::relayAll);
        int relayed = first.get() + second.get();

        assertThat(relayed).isEqualTo(120);
        assertThat(unsent()).isZero();
        await().atMost(DEADLINE).until(() -> publishedIds().size() >= 120);
        assertThat(publishedIds()).hasSize(120).doesNotHaveDuplicates();
    }

    @Test
    void aRelayThatDiesMidBatchLosesNothing() {
        addRows(25, null);
        AtomicInteger calls = new AtomicInteger();
        OutboxRelay dying = relay((topic, message) -> {
            pubsub.publish(topic, message);
            if (calls.incrementAndGet() == 4) {
                throw new OutOfMemoryError("the relay's process dies after four publishes of its batch");
            }
        });
        assertThatThrownBy(dying::relayAll).isInstanceOf(OutOfMemoryError.class);
        assertThat(unsent()).as("its batch was never marked sent").isEqualTo(25);

        assertThat(relay(pubsub::publish).relayAll()).isEqualTo(25);
        await().atMost(DEADLINE).until(() -> publishedIds().stream().distinct().count() == 25);
        Map<String, Long> times = publishedIds().stream()
                .collect(Collectors.groupingBy(id -> id, Collectors.counting()));
        assertThat(times).hasSize(25);
        assertThat(times.values().stream().filter(n -> n == 2).count())
                .as("the four the dead relay had published come again, with the same ce-ids").isEqualTo(4);
    }

    @Test
    void oneOrderingKeyLeavesInOrderEvenWithTwoRelays() throws Exception {
        addRows(8, "plan-1");
        List<String> expected = store.query(Sql.of("SELECT event_id FROM outbox ORDER BY id")).stream()
                .map(r -> r.getString("event_id")).toList();
        List<String> order = java.util.Collections.synchronizedList(new ArrayList<>());
        OutboxRelay.Publish recording = (topic, message) -> {
            pubsub.publish(topic, message);
            order.add(message.attributes().get("ce-id"));
        };
        OutboxRelay a = relay(recording);
        OutboxRelay b = relay(recording);
        while (unsent() > 0) {
            CompletableFuture.allOf(CompletableFuture.supplyAsync(a::relayBatch),
                    CompletableFuture.supplyAsync(b::relayBatch)).get();
        }
        assertThat(order).containsExactlyElementsOf(expected);
    }

    @Test
    void aFailedPublishIsRetriedAfterItsBackoff() {
        addRows(1, null);
        AtomicInteger calls = new AtomicInteger();
        OutboxRelay flaky = relay((topic, message) -> {
            if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("Pub/Sub unavailable");
            }
            pubsub.publish(topic, message);
        });
        assertThat(flaky.relayAll()).isZero();
        assertThat(store.query(Sql.of("SELECT attempts, last_error FROM outbox")).get(0).getString("last_error"))
                .contains("Pub/Sub unavailable");
        assertThat(flaky.relayAll()).as("still inside its backoff").isZero();
        await().atMost(DEADLINE).until(() -> flaky.relayAll() == 1);
        await().atMost(DEADLINE).until(() -> publishedIds().size() == 1);
        assertThat(unsent()).isZero();
    }
}
