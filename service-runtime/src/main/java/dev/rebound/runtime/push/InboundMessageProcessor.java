package dev.rebound.runtime.push;

import dev.rebound.events.Event;
import dev.rebound.events.EventAttributes;
import dev.rebound.events.EventType;
import dev.rebound.events.TraceContext;
import dev.rebound.events.codec.EventCodec;
import dev.rebound.events.codec.EventValidationException;
import dev.rebound.events.gcs.GcsNotification;
import dev.rebound.events.gcs.GcsNotificationCodec;
import dev.rebound.runtime.config.ReboundConfig;
import dev.rebound.runtime.idempotency.ProcessedEventLedger;
import dev.rebound.runtime.observability.CurrentTrace;
import dev.rebound.runtime.observability.EventObservability;
import dev.rebound.runtime.store.OutageLog;
import dev.rebound.runtime.store.StateStore;
import dev.rebound.runtime.store.StoreException;
import dev.rebound.runtime.store.StoreMigrations;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * What happens to every message a service receives, by push or by pull: decode and validate; then, in one state-store
 * transaction, claim its ce-id in the ledger (a ce-id this service already processed is acknowledged unread), run the
 * handler and commit its state change, its ledger row and the events it decided to publish (the outbox) together.
 * Quarantine (then acknowledge) what cannot be decoded, what claims a time too far ahead, and what the handler fails
 * on deterministically: a failure that is not transient rolls the transaction back and is tried again in a new one,
 * up to the configured attempts ({@link HandlerAttempts}). A message quarantined before (a redelivery: the same
 * subscription and message id, recorded in the ledger once the quarantine was published) is acknowledged again without
 * a second quarantine. Ask for redelivery on a transient failure and while the
 * state store is not ready. Each message is handled inside its trace (continued from the {@code traceparent}
 * attribute) with its labels, and measured.
 */
@Startup
@ApplicationScoped
public class InboundMessageProcessor {
    private static final Logger LOG = Logger.getLogger(InboundMessageProcessor.class);

    private final EventCodec codec;
    private final GcsNotificationCodec gcsCodec;
    private final ProcessedEventLedger ledger;
    private final Quarantine quarantine;
    private final PushStats stats;
    private final EventObservability observability;
    private final StateStore store;
    private final StoreMigrations migrations;
    private final OutageLog outageLog;
    private final DeliveryBacklog backlog;
    private final FutureTimestampCheck timestamps;
    private final HandlerAttempts attempts;
    private final String consumer;
    private final Map<EventType, EventHandler> handlers = new EnumMap<>(EventType.class);
    private final Set<EventType> withoutLedger = EnumSet.noneOf(EventType.class);
    private final Set<EventType> withoutTransaction = EnumSet.noneOf(EventType.class);
    private final Optional<GcsNotificationHandler> gcsHandler;

    public InboundMessageProcessor(EventCodec codec, GcsNotificationCodec gcsCodec, ProcessedEventLedger ledger,
            Quarantine quarantine, PushStats stats, EventObservability observability, DeliveryBacklog backlog,
            StateStore store, StoreMigrations migrations, OutageLog outageLog, FutureTimestampCheck timestamps,
            HandlerAttempts attempts, ReboundConfig config, Instance<EventHandler> eventHandlers,
            Instance<GcsNotificationHandler> gcsHandlers) {
        this.codec = codec;
        this.gcsCodec = gcsCodec;
        this.ledger = ledger;
        this.quarantine = quarantine;
        this.stats = stats;
        this.observability = observability;
        this.backlog = backlog;
        this.store = store;
        this.migrations = migrations;
        this.outageLog = outageLog;
        this.timestamps = timestamps;
        this.attempts = attempts;
        this.consumer = config.service().name();
        for (EventHandler handler : eventHandlers) {
            for (EventType type : handler.handles()) {
                EventHandler previous = handlers.put(type, handler);
                if (previous != null) {
                    throw new IllegalStateException("Two handlers for " + type.ceType() + ": "
                            + previous.getClass().getName() + " and " + handler.getClass().getName());
                }
            }
            for (EventType type : handler.idempotentByOwnState()) {
                if (!handler.handles().contains(type)) {
                    throw new IllegalStateException(handler.getClass().getName() + " declares " + type.ceType()
                            + " idempotent by its own state but does not handle it");
                }
                withoutLedger.add(type);
            }
            for (EventType type : handler.committedByItself()) {
                if (!handler.idempotentByOwnState().contains(type)) {
                    throw new IllegalStateException(handler.getClass().getName() + " commits " + type.ceType()
                            + " by itself but does not declare it idempotent by its own state (a ledger row must"
                            + " commit with the work)");
                }
                withoutTransaction.add(type);
            }
        }
        this.gcsHandler = gcsHandlers.isResolvable() ? Optional.of(gcsHandlers.get()) : Optional.empty();
    }

    /** A message whose envelope could not even be read: quarantined whole. */
    public PushStats.Outcome unreadable(byte[] body, EventValidationException e) {
        PushStats.Outcome outcome = quarantined(body, Map.of(), Quarantine.Content.push_body, e, null, null);
        observability.consumed("unreadable", outcome.name());
        return outcome;
    }

    /** Handles one message; {@code retried} means: do not acknowledge, let Pub/Sub redeliver. */
    public PushStats.Outcome process(PushEnvelope envelope) {
        Map<String, String> attributes = envelope.attributes();
        String ceType = attributes.getOrDefault(EventAttributes.TYPE,
                attributes.containsKey(GcsNotificationCodec.EVENT_TYPE)
                        ? "gcs." + attributes.get(GcsNotificationCodec.EVENT_TYPE) : "unknown");
        TraceContext trace = TraceContext.parse(attributes.get(TraceContext.ATTRIBUTE))
                .map(TraceContext::child).orElseGet(TraceContext::newRoot);
        Map<String, String> labels = new HashMap<>();
        labels.put("ce_type", ceType);
        for (String key : new String[] {EventAttributes.PROCESSOR, EventAttributes.DATA_DATE,
                EventAttributes.CORRELATION_ID}) {
            if (attributes.get(key) != null) {
                labels.put(key, attributes.get(key));
            }
        }
        Timer.Sample sample = observability.startProcessing();
        backlog.started(envelope.publishedAt());
        try (CurrentTrace.Scope scope = CurrentTrace.open(trace, labels)) {
            PushStats.Outcome outcome = handle(envelope);
            observability.consumed(ceType, outcome.name());
            return outcome;
        } finally {
            backlog.finished();
            observability.processed(sample, ceType);
        }
    }

    private PushStats.Outcome handle(PushEnvelope envelope) {
        if (EventType.QUARANTINED_CE_TYPE.equals(envelope.attributes().get(EventAttributes.TYPE))) {
            // never quarantine the quarantine: a subscription wrongly pointed here must not start a loop
            LOG.errorf("Quarantined message %s was pushed to %s by subscription %s; acknowledged unread",
                    envelope.messageId(), consumer, envelope.subscriptionName());
            return done(PushStats.Outcome.ignored);
        }
        if (GcsNotificationCodec.isGcsNotification(envelope.attributes())) {
            return handleGcs(envelope);
        }
        Event<?> event;
        try {
            event = codec.decode(envelope.data(), envelope.attributes());
            timestamps.check(event);
        } catch (EventValidationException e) {
            return quarantined(envelope, e);
        }
        EventHandler handler = handlers.get(event.type());
        if (handler == null) {
            return done(PushStats.Outcome.ignored);
        }
        return process(event.id(), envelope, !withoutLedger.contains(event.type()),
                !withoutTransaction.contains(event.type()), () -> handler.handle(event));
    }

    private PushStats.Outcome handleGcs(PushEnvelope envelope) {
        if (gcsHandler.isEmpty()) {
            return quarantined(envelope, new EventValidationException("attributes.eventType",
                    "this service takes no Cloud Storage notifications"));
        }
        GcsNotification notification;
        try {
            notification = gcsCodec.decode(envelope.data(), envelope.attributes());
        } catch (EventValidationException e) {
            return quarantined(envelope, e);
        }
        String key = "gcs:" + (envelope.messageId() != null ? envelope.messageId()
                : notification.gsPath() + "#" + notification.objectGeneration() + "#" + notification.eventType());
        return process(key, envelope, true, true,
                () -> gcsHandler.get().handle(notification, envelope.messageId(), envelope.publishedAt()));
    }

    private interface Work {
        void run() throws Exception;
    }

    private PushStats.Outcome process(String id, PushEnvelope envelope, boolean useLedger, boolean inTransaction,
            Work work) {
        if (!migrations.migrated()) {
            // the state store is not ready yet: Pub/Sub keeps the message and redelivers it
            return done(PushStats.Outcome.retried);
        }
        try {
            // each attempt is a transaction of its own: PostgreSQL refuses every statement of a transaction after
            // one failed, and a rolled-back attempt leaves no ledger row and no outbox row behind
            PushStats.Outcome outcome = attempts.run(() -> {
                if (!inTransaction) {
                    // the handler commits its own writes (EventHandler#committedByItself); there is no ledger row
                    work.run();
                    return PushStats.Outcome.processed;
                }
                return store.inTransaction(() -> {
                    if (useLedger && !ledger.claim(consumer, id)) {
                        return PushStats.Outcome.duplicate;
                    }
                    work.run();
                    return PushStats.Outcome.processed;
                });
            }, id);
            outageLog.recovered("state store");
            return done(outcome);
        } catch (EventRejectedException e) {
            return quarantined(envelope, new EventValidationException(e.path(), e.getMessage()));
        } catch (Exception e) {
            if (StoreException.isTransient(e)) {
                outageLog.unavailable("state store", e);
            } else {
                LOG.warnf(e, "Transient failure handling %s from %s; Pub/Sub will redeliver", id,
                        envelope.subscriptionName());
            }
            return done(PushStats.Outcome.retried);
        }
    }

    private PushStats.Outcome done(PushStats.Outcome outcome) {
        stats.count(outcome);
        return outcome;
    }

    private PushStats.Outcome quarantined(PushEnvelope envelope, EventValidationException e) {
        return quarantined(envelope.data(), envelope.attributes(), Quarantine.Content.message_data, e,
                envelope.subscriptionName(), envelope.messageId());
    }

    private PushStats.Outcome quarantined(byte[] data, Map<String, String> attributes, Quarantine.Content content,
            EventValidationException e, String subscription, String messageId) {
        String key = subscription == null || messageId == null ? null
                : "quarantine:" + Quarantine.ceIdFor(consumer, subscription, messageId);
        if (key != null && quarantinedBefore(key)) {
            LOG.infof("Message %s from %s was quarantined before; acknowledged again", messageId, subscription);
            return done(PushStats.Outcome.duplicate);
        }
        try {
            quarantine.send(data, attributes, content, e.first().path(), e.getMessage(), subscription, messageId);
        } catch (RuntimeException publishFailure) {
            LOG.errorf(publishFailure, "Could not quarantine message %s (%s); answering 503 so it is not lost",
                    messageId, e.getMessage());
            return done(PushStats.Outcome.retried);
        }
        if (key != null) {
            rememberQuarantined(key);
        }
        observability.quarantined(e.first().path());
        return done(PushStats.Outcome.quarantined);
    }

    /**
     * Whether the ledger records this delivery as quarantined. Without a store to ask, it is quarantined again: at
     * worst a duplicate under the same ce-id, never a message lost.
     */
    private boolean quarantinedBefore(String key) {
        if (!migrations.migrated()) {
            return false;
        }
        try {
            return ledger.alreadyProcessed(consumer, key);
        } catch (RuntimeException storeDown) {
            LOG.debugf(storeDown, "Cannot ask the ledger whether %s was quarantined before", key);
            return false;
        }
    }

    /** Recorded after the publish: a failure here costs only a duplicate quarantine on a redelivery. */
    private void rememberQuarantined(String key) {
        if (!migrations.migrated()) {
            return;
        }
        try {
            store.inTransaction(() -> {
                ledger.claim(consumer, key);
            });
        } catch (RuntimeException storeDown) {
            LOG.debugf(storeDown, "Cannot record in the ledger that %s was quarantined", key);
        }
    }

}
