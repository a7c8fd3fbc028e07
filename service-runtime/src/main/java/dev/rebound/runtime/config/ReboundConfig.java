package dev.rebound.runtime.config;

import io.quarkus.runtime.configuration.MemorySize;
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

    Http http();

    Clock clock();

    Store store();

    Outbox outbox();

    Warehouse warehouse();

    Idempotency idempotency();

    Events events();

    Pipeline pipeline();

    interface Store {
        /**
         * The service's own PostgreSQL schema: its migrations create it and its tables, its connections use it as
         * their search path. One schema per service, so each service's database user owns exactly its state.
         */
        String schema();
    }

    interface Outbox {
        /** Relay this instance's outbox (off only in tests that drive the relay by hand). */
        @WithDefault("true")
        boolean enabled();

        /** How often the relay looks for due rows when no commit woke it (real time). */
        @WithName("poll-every")
        @WithDefault("1s")
        Duration pollEvery();

        /** Rows one relay transaction claims and publishes. */
        @WithName("batch-size")
        @WithDefault("100")
        int batchSize();

        /** Longest wait before retrying a failed publish (the wait doubles from 0.5 s up to this). */
        @WithName("max-backoff")
        @WithDefault("1m")
        Duration maxBackoff();

        /** How long published rows are kept (to explain what was sent) before they are pruned. */
        @WithDefault("P7D")
        Duration retention();

        /** How often the backlog gauges are refreshed. */
        @WithName("measure-every")
        @WithDefault("5s")
        Duration measureEvery();
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
        /**
         * Google Cloud project of the topics. No default in the mapping: locally the runtime's defaults give
         * {@code rebound-local} (the launcher and the tests pass their own); the prod profile takes it from the
         * environment (META-INF/microprofile-config.properties) and refuses to start without one.
         */
        @WithName("project-id")
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

        /** Pull delivery's per-subscription stream settings (used with {@code delivery=pull}). */
        Pull pull();

        interface Pull {
            /**
             * Messages one instance holds per subscription before it has handled them. Small, so the messages of a
             * subscription spread over the instances, and an instance that dies strands few of them.
             */
            @WithName("max-outstanding")
            @WithDefault("10")
            int maxOutstanding();

            /**
             * How long Pub/Sub waits, at most, before it hands a message an instance took to another one when that
             * instance stops extending its lease (it died): the longest delivery delay a kill -9 adds.
             */
            @WithDefault("10s")
            Duration lease();
        }
    }

    /** The HTTP edge every service shares: who may call the guarded endpoints, and how much they may send. */
    interface Http {
        Auth auth();

        @WithName("max-body")
        MaxBody maxBody();

        /**
         * Request body bytes the guarded endpoints may be reading at once on this instance; beyond it a request is
         * answered 503 before its body is read (Pub/Sub retries). Unset: an eighth of the maximum heap, since a
         * push costs several times its size while it is handled.
         */
        @WithName("body-budget")
        Optional<MemorySize> bodyBudget();

        interface Auth {
            /**
             * Verify a Google-signed OIDC identity token on every guarded endpoint (on in the prod profile; the
             * emulator and the local mesh send none).
             */
            @WithDefault("false")
            boolean enabled();

            /** Expected token audience: the service URL. */
            Optional<String> audience();

            /** Accounts (email claim) Pub/Sub pushes as: the push subscriptions' OIDC service accounts. */
            @WithName("push-accounts")
            Optional<List<String>> pushAccounts();

            /** Accounts Cloud Scheduler calls the /tasks endpoints as. */
            @WithName("scheduler-accounts")
            Optional<List<String>> schedulerAccounts();

            /** Accounts allowed on the operator endpoints (and, by hand, on /tasks). */
            @WithName("operator-accounts")
            Optional<List<String>> operatorAccounts();

            /** Where Google's signing keys are fetched from (overridable for tests). */
            @WithName("certificates-url")
            @WithDefault("https://www.googleapis.com/oauth2/v3/certs")
            String certificatesUrl();

            @WithDefault("https://accounts.google.com")
            String issuer();
        }

        /**
         * Largest request body per kind of endpoint, checked before a byte of it is read; each must stay below
         * {@code quarkus.http.limits.max-body-size}. Larger bodies are answered 413.
         */
        interface MaxBody {
            /**
             * The push endpoint: must hold a message of {@code rebound.events.max-data-bytes}, base64-encoded. The
             * default holds anything Pub/Sub delivers (10 MB, base64-encoded), so an oversized event is read and
             * quarantined with its reason rather than refused and dead-lettered.
             */
            @WithDefault("14M")
            MemorySize pubsub();

            @WithDefault("16K")
            MemorySize scheduler();

            @WithDefault("64K")
            MemorySize operator();
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

        /**
         * Makes {@code anchor} tentative: a file the local launcher writes the confirmed anchor into once every
         * process is ready; until then sim time runs by the tentative anchor and stands just before {@code start}.
         */
        Optional<java.nio.file.Path> anchorFile();

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
        /**
         * Where the pipeline's tables and the event archive are read: {@code bigquery} (production) or {@code jdbc}
         * (the local PostgreSQL server that also holds the state).
         */
        @WithDefault("jdbc")
        WarehouseKind kind();

        /** jdbc only: create the local stand-ins for the pipeline's tables and the archive at startup. */
        @WithName("local-tables")
        @WithDefault("true")
        boolean localTables();

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
