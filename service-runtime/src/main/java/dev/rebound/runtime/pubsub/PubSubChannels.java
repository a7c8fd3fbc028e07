package dev.rebound.runtime.pubsub;

import com.google.api.gax.core.CredentialsProvider;
import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.GrpcTransportChannel;
import com.google.api.gax.rpc.FixedTransportChannelProvider;
import com.google.api.gax.rpc.TransportChannelProvider;
import com.google.cloud.pubsub.v1.TopicAdminSettings;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Transport and credentials for the Google Pub/Sub client: the emulator (plaintext, no credentials) when a host is
 * configured, otherwise Google's defaults (application default credentials on Cloud Run).
 */
public final class PubSubChannels implements AutoCloseable {
    /** Pulls may return several messages of up to 10 MB each. */
    private static final int MAX_INBOUND_BYTES = 64 * 1024 * 1024;
    private final ManagedChannel emulatorChannel;
    private final TransportChannelProvider channelProvider;
    private final CredentialsProvider credentialsProvider;

    public PubSubChannels(Optional<String> emulatorHost) {
        if (emulatorHost.isPresent() && !emulatorHost.get().isBlank()) {
            emulatorChannel = ManagedChannelBuilder.forTarget(emulatorHost.get()).usePlaintext()
                    .maxInboundMessageSize(MAX_INBOUND_BYTES).build();
            channelProvider = FixedTransportChannelProvider.create(GrpcTransportChannel.create(emulatorChannel));
            credentialsProvider = NoCredentialsProvider.create();
        } else {
            emulatorChannel = null;
            channelProvider = TopicAdminSettings.defaultTransportChannelProvider();
            credentialsProvider = TopicAdminSettings.defaultCredentialsProviderBuilder().build();
        }
    }

    public boolean emulator() {
        return emulatorChannel != null;
    }

    public TransportChannelProvider channelProvider() {
        return channelProvider;
    }

    public CredentialsProvider credentialsProvider() {
        return credentialsProvider;
    }

    /**
     * Closes without waiting for calls in flight (a pull long-polling an empty subscription holds a graceful close for
     * its whole timeout): for a caller that has stopped using the channel and whose unacknowledged messages Pub/Sub
     * delivers again.
     */
    public void closeNow() {
        stop(true, 2);
    }

    @Override
    public void close() {
        stop(false, 5);
    }

    private void stop(boolean cutCallsShort, long waitSeconds) {
        if (emulatorChannel == null) {
            return;
        }
        if (cutCallsShort) {
            emulatorChannel.shutdownNow();
        } else {
            emulatorChannel.shutdown();
        }
        try {
            emulatorChannel.awaitTermination(waitSeconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
