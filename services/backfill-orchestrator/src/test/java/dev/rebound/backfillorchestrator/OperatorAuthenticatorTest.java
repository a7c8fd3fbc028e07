package dev.rebound.backfillorchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rebound.backfillorchestrator.config.BackfillConfig;
import dev.rebound.backfillorchestrator.rest.OperatorAuthenticator;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The operator endpoints' gate: open locally, closed in production unless a verified operator token comes. */
class OperatorAuthenticatorTest {

    private static BackfillConfig config(boolean enabled, String audience, List<String> accounts) {
        BackfillConfig.OperatorAuth auth = new BackfillConfig.OperatorAuth() {
            public boolean enabled() {
                return enabled;
            }

            public Optional<String> audience() {
                return Optional.ofNullable(audience);
            }

            public Optional<List<String>> accounts() {
                return Optional.ofNullable(accounts);
            }

            public String certificatesUrl() {
                return "http://127.0.0.1:1/certs";
            }

            public String issuer() {
                return "https://accounts.google.com";
            }
        };
        return new BackfillConfig() {
            public Duration tickEvery() {
                return Duration.ofSeconds(30);
            }

            public boolean sweepTimer() {
                return false;
            }

            public Duration stallAfter() {
                return Duration.ofHours(1);
            }

            public Duration coverageWait() {
                return Duration.ofMinutes(15);
            }

            public Duration planTtl() {
                return Duration.ofDays(2);
            }

            public int sweepLookbackDays() {
                return 3;
            }

            public Replay replay() {
                return null;
            }

            public OperatorAuth operatorAuth() {
                return auth;
            }
        };
    }

    @Test
    void offLocallyEveryCallerMayProceed() {
        assertThat(new OperatorAuthenticator(config(false, null, null)).refuse(null)).isEmpty();
    }

    @Test
    void onInProductionAMissingOrForgedTokenIsRefused() {
        OperatorAuthenticator auth = new OperatorAuthenticator(config(true, "https://orchestrator.example",
                List.of("oncall@example.com")));
        assertThat(auth.refuse(null)).contains("missing bearer token");
        assertThat(auth.refuse("Basic b3A6b3A=")).contains("missing bearer token");
        assertThat(auth.refuse("Bearer not-a-jwt")).get().asString().startsWith("token is malformed");
    }

    @Test
    void withoutOperatorAccountsEveryCallIsRefusedNamingTheKey() {
        OperatorAuthenticator auth = new OperatorAuthenticator(config(true, "https://orchestrator.example", null));
        assertThat(auth.refuse("Bearer anything")).get().asString()
                .contains("rebound.backfill.operator-auth.accounts");
    }
}
