package dev.rebound.launcher;

import com.google.pubsub.v1.AcknowledgeRequest;
import com.google.pubsub.v1.ProjectSubscriptionName;
import com.google.pubsub.v1.PullRequest;
import com.google.pubsub.v1.PullResponse;
import com.google.pubsub.v1.ReceivedMessage;
import dev.rebound.events.EventAttributes;
import dev.rebound.events.EventType;
import dev.rebound.events.catalog.TopicCatalog;
import dev.rebound.runtime.pubsub.PubSubAdmin;
import dev.rebound.runtime.pubsub.PubSubChannels;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The local stand-in for Pub/Sub's BigQuery subscriptions: pulls every {@code <topic>--archive} subscription and
 * inserts each message into the archive table, acknowledging only after the row is written (a crash re-delivers,
 * the primary key keeps one row). Each archived event also goes to a listener: the live timeline.
 */
public final class ArchiveWriter implements AutoCloseable {
    static final java.time.Duration RECENT = java.time.Duration.ofSeconds(10);
    /**
     * What the mesh publishes for as long as it runs, whatever the scenario does (heartbeat-tracker's canary, every
     * sweep): archived, but not an arrival, or the archive would never drain.
     */
    static final Set<String> KEEP_ALIVE = Set.of(EventType.HEARTBEAT_CANARY.ceType());
    private final PubSubChannels channels;
    private final PubSubAdmin admin;
    private final EventArchive archive;
    private final Consumer<ArchivedEvent> listener;
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicLong archived = new AtomicLong();
    private final AtomicLong lastArrivalNanos = new AtomicLong(System.nanoTime());
    private final AtomicLong lastNonHeartbeatNanos = new AtomicLong(System.nanoTime());
    private volatile boolean running = true;
    private volatile String lastError;
    private volatile long lastErrorNanos;

    public ArchiveWriter(String emulatorHost, EventArchive archive, Consumer<ArchivedEvent> listener) {
        this.channels = new PubSubChannels(Optional.of(emulatorHost));
        this.admin = new PubSubAdmin(channels, MeshLayout.PROJECT_ID);
        this.archive = archive;
        this.listener = listener;
    }

    public void start() {
        TopicCatalog catalog = TopicCatalog.load();
        for (TopicCatalog.Topic topic : catalog.topics()) {
            String sub = catalog.archiveSubscriptionName(topic.name());
            Thread t = new Thread(() -> pullLoop(sub), "archive-" + topic.name());
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
    }

    private void pullLoop(String subscription) {
        String name = ProjectSubscriptionName.of(MeshLayout.PROJECT_ID, subscription).toString();
        while (running) {
            try {
                PullResponse response = admin.subscriptions().pullCallable().call(PullRequest.newBuilder()
                        .setSubscription(name).setMaxMessages(500).build());
                List<String> acks = new ArrayList<>();
                for (ReceivedMessage m : response.getReceivedMessagesList()) {
                    var msg = m.getMessage();
                    Instant published = Instant.ofEpochSecond(msg.getPublishTime().getSeconds(),
                            msg.getPublishTime().getNanos());
                    byte[] data = msg.getData().toByteArray();
                    boolean fresh = archive.insert(subscription, msg.getMessageId(), published,
                            msg.getAttributesMap(), data);
                    acks.add(m.getAckId());
                    if (fresh) {
                        archived.incrementAndGet();
                        // Cloud Storage's own notifications carry no ce-type (and Set.of(..).contains(null) throws)
                        String type = msg.getAttributesMap().getOrDefault(EventAttributes.TYPE, "");
                        if (!KEEP_ALIVE.contains(type)) {
                            lastArrivalNanos.set(System.nanoTime());
                            if (!EventType.PROCESSOR_HEARTBEAT.ceType().equals(type)) {
                                lastNonHeartbeatNanos.set(System.nanoTime());
                            }
                        }
                        listener.accept(new ArchivedEvent(subscription, msg.getMessageId(), published,
                                msg.getAttributesMap(), ArchivedEvent.parse(data)));
                    }
                }
                if (!acks.isEmpty()) {
                    admin.subscriptions().acknowledgeCallable().call(AcknowledgeRequest.newBuilder()
                            .setSubscription(name).addAllAckIds(acks).build());
                }
            } catch (RuntimeException | java.sql.SQLException e) {
                if (!running) {
                    return;
                }
                lastError = subscription + ": " + e.getMessage();
                lastErrorNanos = System.nanoTime();
                Mesh.pause(java.time.Duration.ofMillis(500));
            }
        }
    }

    public long archived() {
        return archived.get();
    }

    /**
     * Real milliseconds since the last new message arrived (to know when the archive has drained); the mesh's
     * keep-alive traffic does not count.
     */
    public long quietForMillis() {
        return (System.nanoTime() - lastArrivalNanos.get()) / 1_000_000;
    }

    /**
     * As {@link #quietForMillis()}, heartbeats not counted either: a run still going at the end of a replay heartbeats
     * on, while what follows from the scenario (alerts, triggers, completions) has settled.
     */
    public long quietButForHeartbeatsMillis() {
        return (System.nanoTime() - lastNonHeartbeatNanos.get()) / 1_000_000;
    }

    /**
     * The last pull or insert error of the last {@link #RECENT}, or null: a failing pull is retried every half second,
     * so an error that lasts stays recent, and one that is over (the emulator restarted, say) stops being shown even
     * on a subscription whose next pull waits for a message that never comes.
     */
    public String lastError() {
        return System.nanoTime() - lastErrorNanos < RECENT.toNanos() ? lastError : null;
    }

    @Override
    public void close() {
        running = false;
        // a pull in flight is cut short: what it had not acknowledged stays on its subscription
        channels.closeNow();
        admin.close();
        for (Thread t : threads) {
            t.interrupt();
        }
    }
}
