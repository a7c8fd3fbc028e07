package dev.rebound.runtime.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Configuration every Rebound service shares ({@code rebound.*}). Invalid values fail startup naming the key. */
@ConfigMapping(prefix = "rebound")
public interface ReboundConfig {

    Service service();

    PubSub pubsub();

    Push push();

    Clock clock();

    Warehouse warehouse();

    Idempotency idempotency();

    Events events();

    H2 h2();

    Pipeline pipeline();

    interface H2 {
        /** File (without extension) of the embedded database that every local process shares. */
        @WithDefault("./.rebound/h2/rebound")
        String path();
    }

    interface Pipeline {
        /** The pipeline (topology) configuration: {@code classpath:...} or a file path. */
        @WithDefault(dev.rebound.runtime.pipeline.PipelineLoader.DEFAULT)
        String file();
    }

    interface Service {
        /** The service's name: ce-source, idempotency consumer key, quarantine attribution. */
        String name();
    }

    interface PubSub {
        /** Google Cloud project of the topics. */
        @WithName("project-id")
        @WithDefault("rebound-local")
        String projectId();

        /** host:port of the Pub/Sub emulator; when set, plaintext and no credentials. */
        @WithName("emulator-host")
        Optional<String> emulatorHost();

        /** How long a publish may take before it is reported as failed. */
        @WithName("publish-timeout")
        @WithDefault("10s")
        Duration publishTimeout();
    }

    interface Push {
        Auth auth();

        /**
         * {@code push} (Cloud Run: Pub/Sub posts to /pubsub/push) or {@code pull} (long-running hosts: the service
         * streams its catalog subscriptions itself, same processing, ack/nack instead of 2xx/5xx).
         */
        @WithDefault("push")
        Delivery delivery();

        /**
         * How often a handler is run on one message before a failure that is not transient (see
         * {@code push.TransientFailures}) quarantines the message instead of having Pub/Sub redeliver it.
         */
        @WithName("handler-attempts")
        @WithDefault("3")
        int handlerAttempts();

        interface Auth {
            /** Verify the Pub/Sub OIDC token of every push (on in the prod profile; the emulator sends none). */
            @WithDefault("false")
            boolean enabled();

            /** Expected token audience: the service URL. */
            Optional<String> audience();

            /** Service accounts allowed to push (their email claim). */
            @WithName("service-accounts")
            Optional<List<String>> serviceAccounts();

            /** Where Google's signing keys are fetched from (overridable for tests). */
            @WithName("certificates-url")
            @WithDefault("https://www.googleapis.com/oauth2/v3/certs")
            String certificatesUrl();

            @WithDefault("https://accounts.google.com")
            String issuer();
        }
    }

    interface Clock {
        /** {@code system} in production; {@code scenario} for local replays. */
        @WithDefault("system")
        ClockMode mode();

        /** Sim time at the anchor (scenario mode). */
        Optional<Instant> start();

        /** Real time at which sim time equals start; every process of one run gets the same value. */
        Optional<Instant> anchor();

        /** Sim seconds per real second. */
        @WithDefault("1")
        double speed();
    }

    enum Delivery {
        push, pull
    }

    enum ClockMode {
        system, scenario
    }

    interface Warehouse {
        /** {@code jdbc} (embedded H2 by default) or {@code bigquery}. */
        @WithDefault("jdbc")
        WarehouseKind kind();

        /** Dataset (schema) that holds the services' own tables. */
        @WithName("state-dataset")
        @WithDefault("rebound_state")
        String stateDataset();

        /** Create the services' tables at startup (JDBC only; Terraform owns them in BigQuery). */
        @WithName("init-schema")
        @WithDefault("true")
        boolean initSchema();

        /**
         * JDBC only: the most single-statement writes one commit carries when several arrive together (each still
         * atomic on its own and durable before its caller continues); 0 commits every statement separately.
         */
        @WithName("group-commit")
        @WithDefault("" + dev.rebound.runtime.warehouse.JdbcWarehouse.DEFAULT_GROUP_COMMIT)
        int groupCommit();

        BigQuery bigquery();

        interface BigQuery {
            @WithName("project-id")
            Optional<String> projectId();

            @WithDefault("US")
            String location();

            /** Overrides the API endpoint (a local double in adapter tests). */
            Optional<String> host();
        }
    }

    enum WarehouseKind {
        jdbc, bigquery
    }

    interface Idempotency {
        /** How long processed ce-ids are remembered; longer than Pub/Sub retention plus any replay window. */
        @WithDefault("P14D")
        Duration retention();

        /** In-memory cache of recent ce-ids in front of the ledger table. */
        @WithName("cache-size")
        @WithDefault("100000")
        int cacheSize();

        /** How often entries past the retention are deleted. */
        @WithName("prune-every")
        @WithDefault("1h")
        String pruneEvery();
    }

    interface Events {
        /** Event data larger than this is quarantined (Pub/Sub itself allows 10 MB). */
        @WithName("max-data-bytes")
        @WithDefault("1048576")
        int maxDataBytes();

        /**
         * How far ahead of this service's clock an event's ce-time or own time may be (producers' clocks differ a
         * little); an event further ahead is quarantined rather than allowed to postpone a verdict.
         */
        @WithName("max-future-skew")
        @WithDefault("PT5M")
        Duration maxFutureSkew();
    }
}
