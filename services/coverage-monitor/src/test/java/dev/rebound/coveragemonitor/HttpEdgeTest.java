package dev.rebound.coveragemonitor;

import dev.rebound.testing.HttpEdgeContract;
import dev.rebound.testing.PostgresResource;
import dev.rebound.testing.PubSubEmulatorResource;
import dev.rebound.testing.RequiresPubSubEmulator;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The HTTP convention on coverage-monitor, with its token checks on as in production. */
@RequiresPubSubEmulator
@QuarkusTest
@TestProfile(HttpEdgeContract.AuthOn.class)
@WithTestResource(PostgresResource.class)
@WithTestResource(value = PubSubEmulatorResource.class, initArgs = @ResourceArg(name = "service", value = "coverage-monitor"))
class HttpEdgeTest extends HttpEdgeContract {
    HttpEdgeTest() {
        super("coverage-monitor", "/alerts");
    }
}
