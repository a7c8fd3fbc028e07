package dev.rebound.runtime.pubsub;

import dev.rebound.events.catalog.TopicCatalog;
import dev.rebound.events.codec.EventCodec;
import dev.rebound.events.gcs.GcsNotificationCodec;
import dev.rebound.runtime.config.ReboundConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

@ApplicationScoped
public class CodecProducer {

    @Produces
    @ApplicationScoped
    EventCodec codec(ReboundConfig config) {
        return new EventCodec(config.events().maxDataBytes());
    }

    @Produces
    @ApplicationScoped
    GcsNotificationCodec gcsCodec(EventCodec codec) {
        return new GcsNotificationCodec(codec);
    }

    /** A singleton: records cannot be proxied for a normal scope. */
    @Produces
    @Singleton
    TopicCatalog catalog() {
        return TopicCatalog.load();
    }
}
