package dev.rebound.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import com.google.pubsub.v1.PubsubMessage;
import com.google.pubsub.v1.TopicName;
import dev.rebound.emulator.PubSubEmulatorProcess;
import dev.rebound.events.EventAttributes;
import dev.rebound.events.EventType;
import dev.rebound.events.Topics;
import dev.rebound.runtime.pubsub.PubSubAdmin;
import dev.rebound.runtime.pubsub.PubSubChannels;
import dev.rebound.testing.RequiresPubSubEmulator;
import dev.rebound.testing.TestPostgres;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The launcher's archive writer on a real emulator and a real PostgreSQL server: every message of every archive
 * subscription becomes one row and one timeline entry, whether or not it carries a ce-type (Cloud Storage's own
 * notifications carry none): before, one without stopped its pull loop until the message was delivered again.
 */
@RequiresPubSubEmulator
class ArchiveWriterIT {
    private static final Path RUN_DIR = Path.of("target/archive-writer-mesh").toAbsolutePath();

    @Test
    void messagesWithoutACeTypeAreArchivedAndHeardLikeTheRest() throws Exception {
        // its push subscriptions point at this fork's service ports, where no mesh runs while this class does: at
        // offset 0 they would push into the other fork's replay, whose services would quarantine what they got
        MeshLayout layout = new MeshLayout(ScenariosIT.REPO, RUN_DIR, ScenariosIT.layout().portOffset());
        Mesh mesh = new Mesh(layout, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        List<ArchivedEvent> heard = new CopyOnWriteArrayList<>();
        try (EventArchive archive = new EventArchive(TestPostgres.freshDatabase("archive_writer"))) {
            archive.ensureTable();
            String host = mesh.startEmulator(PubSubEmulatorProcess.freePort());
            mesh.provision(host, false);
            try (ArchiveWriter writer = new ArchiveWriter(host, archive, heard::add)) {
                writer.start();
                // several in one pull: one that stopped the loop would leave the rest of its batch unwritten
                List<PubsubMessage> notifications = new ArrayList<>();
                for (int i = 0; i < 5; i++) {
                    notifications.add(PubsubMessage.newBuilder()
                            .putAllAttributes(Map.of("eventType", "OBJECT_FINALIZE", "bucketId", "rosters",
                                    "objectId", "espn/rosters/2026-01-23/team_T" + i + ".json",
                                    "objectGeneration", Integer.toString(1000 + i), "payloadFormat", "JSON_API_V1"))
                            .setData(ByteString.copyFromUtf8("{\"name\":\"team_T" + i + ".json\"}")).build());
                }
                PubsubMessage heartbeat = PubsubMessage.newBuilder()
                        .putAttributes(EventAttributes.TYPE, EventType.PROCESSOR_HEARTBEAT.ceType())
                        .setData(ByteString.copyFromUtf8("{}")).build();
                publish(host, Topics.GCS_OBJECT_NOTIFICATIONS, notifications);
                publish(host, Topics.PROCESSOR_HEARTBEATS, List.of(heartbeat));

                await().atMost(Duration.ofSeconds(8)).until(() -> heard.size() == 6);
                assertThat(archive.all()).hasSize(6);
                assertThat(writer.lastError()).isNull();
                assertThat(writer.archived()).isEqualTo(6);
                assertThat(heard).extracting(e -> e.attributes().getOrDefault(EventAttributes.TYPE, "none"))
                        .containsOnly("none", EventType.PROCESSOR_HEARTBEAT.ceType());
            }
        } finally {
            mesh.processes().stopAll(Duration.ofSeconds(5));
        }
    }

    private static void publish(String host, String topic, List<PubsubMessage> messages) {
        try (PubSubChannels channels = new PubSubChannels(Optional.of(host));
                PubSubAdmin admin = new PubSubAdmin(channels, MeshLayout.PROJECT_ID)) {
            admin.topics().publish(TopicName.of(MeshLayout.PROJECT_ID, topic), messages);
        }
    }
}
