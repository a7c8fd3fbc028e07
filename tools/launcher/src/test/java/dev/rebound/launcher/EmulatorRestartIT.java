package dev.rebound.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import com.google.pubsub.v1.ProjectName;
import com.google.pubsub.v1.ProjectSubscriptionName;
import com.google.pubsub.v1.PubsubMessage;
import com.google.pubsub.v1.PullRequest;
import com.google.pubsub.v1.ReceivedMessage;
import com.google.pubsub.v1.TopicName;
import dev.rebound.emulator.PubSubEmulatorProcess;
import dev.rebound.events.Topics;
import dev.rebound.events.catalog.TopicCatalog;
import dev.rebound.runtime.pubsub.PubSubAdmin;
import dev.rebound.runtime.pubsub.PubSubChannels;
import dev.rebound.testing.RequiresPubSubEmulator;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The scenario fault {@code emulator_restart}, on a real emulator: the launcher kills it (-9), starts a fresh one on
 * the same port and provisions the same topology from the topic catalog. What the emulator had accepted but not yet
 * delivered is gone with it — the emulator keeps no state, real Pub/Sub would have kept them — which is what this
 * test pins down, so docs/scenarios.md can say it.
 */
@RequiresPubSubEmulator
class EmulatorRestartIT {
    private static final Path RUN_DIR = Path.of("target/emulator-restart-mesh").toAbsolutePath();

    @Test
    void theEmulatorIsKilledStartedOnItsPortAndProvisionedAgainLosingWhatItHadNotDelivered() {
        // its push subscriptions point at this fork's service ports, where no mesh runs while this class does: at
        // offset 0 they would push into the other fork's replay, whose services would quarantine what they got
        MeshLayout layout = new MeshLayout(ScenariosIT.REPO, RUN_DIR, ScenariosIT.layout().portOffset());
        Mesh mesh = new Mesh(layout, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        try {
            int port = PubSubEmulatorProcess.freePort();
            String host = mesh.startEmulator(port);
            mesh.provision(host, false);
            long firstPid = emulatorPid(mesh);
            Map<String, String> topologyBefore = topology(host);
            String archive = TopicCatalog.load().archiveSubscriptionName(Topics.PROCESSOR_HEARTBEATS);
            List<String> undelivered = publish(host, "accepted before the kill", 3);

            MeshFaults.EmulatorRestart restart = MeshFaults.restartEmulator(mesh, host, false);

            assertThat(emulatorPid(mesh)).as("a fresh emulator process").isNotEqualTo(firstPid);
            assertThat(ProcessHandle.of(firstPid).filter(ProcessHandle::isAlive)).as("the old one is gone").isEmpty();
            assertThat(restart.provisionedAfterMillis()).isGreaterThanOrEqualTo(restart.servingAfterMillis());
            assertThat(topology(host)).as("every topic and subscription, push endpoints included, as before")
                    .isEqualTo(topologyBefore).containsKey("subscription "
                            + ProjectSubscriptionName.of(MeshLayout.PROJECT_ID, archive));
            List<String> afterRestart = publish(host, "published after the restart", 1);
            List<String> pulled = new ArrayList<>();
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                pulled.addAll(pull(host, archive));
                return pulled.containsAll(afterRestart);
            });
            assertThat(pulled).as("what the killed emulator had accepted and not delivered is lost")
                    .doesNotContainAnyElementsOf(undelivered);
        } finally {
            mesh.processes().stopAll(Duration.ofSeconds(5));
        }
    }

    private static long emulatorPid(Mesh mesh) {
        return mesh.processes().entries().stream().filter(e -> e.name().equals(Mesh.EMULATOR))
                .filter(e -> e.handle().isPresent()).reduce((first, last) -> last).orElseThrow().pid();
    }

    /** "topic NAME" and "subscription NAME" → its topic and push endpoint (empty for pull). */
    private static Map<String, String> topology(String host) {
        Map<String, String> all = new TreeMap<>();
        try (PubSubChannels channels = new PubSubChannels(Optional.of(host));
                PubSubAdmin admin = new PubSubAdmin(channels, MeshLayout.PROJECT_ID)) {
            admin.topics().listTopics(ProjectName.of(MeshLayout.PROJECT_ID)).iterateAll()
                    .forEach(t -> all.put("topic " + t.getName(), ""));
            admin.subscriptions().listSubscriptions(ProjectName.of(MeshLayout.PROJECT_ID)).iterateAll()
                    .forEach(s -> all.put("subscription " + s.getName(),
                            s.getTopic() + " " + s.getPushConfig().getPushEndpoint()));
        }
        return all;
    }

    private static List<String> publish(String host, String text, int n) {
        try (PubSubChannels channels = new PubSubChannels(Optional.of(host));
                PubSubAdmin admin = new PubSubAdmin(channels, MeshLayout.PROJECT_ID)) {
            List<PubsubMessage> messages = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                messages.add(PubsubMessage.newBuilder().setData(ByteString.copyFromUtf8(text + " " + i)).build());
            }
            admin.topics().publish(TopicName.of(MeshLayout.PROJECT_ID, Topics.PROCESSOR_HEARTBEATS), messages);
            // by content: a fresh emulator numbers its message ids from the start again
            return messages.stream().map(m -> m.getData().toStringUtf8()).toList();
        }
    }

    private static List<String> pull(String host, String subscription) {
        try (PubSubChannels channels = new PubSubChannels(Optional.of(host));
                PubSubAdmin admin = new PubSubAdmin(channels, MeshLayout.PROJECT_ID)) {
            return admin.subscriptions().pullCallable().call(PullRequest.newBuilder()
                    .setSubscription(ProjectSubscriptionName.of(MeshLayout.PROJECT_ID, subscription).toString())
                    .setMaxMessages(100).build()).getReceivedMessagesList().stream()
                    .map(ReceivedMessage::getMessage).map(m -> m.getData().toStringUtf8()).toList();
        }
    }
}
