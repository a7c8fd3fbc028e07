package dev.rebound.runtime.push;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.api.gax.grpc.GrpcStatusCode;
import com.google.api.gax.rpc.ApiException;
import dev.rebound.runtime.pubsub.PublishFailedException;
import dev.rebound.runtime.store.StoreException;
import dev.rebound.runtime.warehouse.WarehouseException;
import io.grpc.Status;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * Which failures send a message back to Pub/Sub and which get it quarantined. What a real PostgreSQL server refuses
 * for a statement's content is covered in test-support ({@code TransientStoreFailuresTest}), next to its server.
 */
class TransientFailuresTest {

    @Test
    void aDatabaseThatCannotBeReachedIsTransient() {
        SQLException refused;
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:1/nowhere?connectTimeout=5")) {
            throw new AssertionError("expected no server on port 1");
        } catch (SQLException e) {
            refused = e;
        }

        assertThat(refused.getSQLState()).startsWith("08");
        assertThat(TransientFailures.isTransient(refused)).isTrue();
        assertThat(TransientFailures.isTransient(new StoreException("No connection to the state store", refused)))
                .isTrue();
        assertThat(TransientFailures.isTransient(new WarehouseException("Query failed", refused))).isTrue();
        assertThat(TransientFailures.isTransient(new WarehouseException("pool",
                new SQLTransientConnectionException("Sorry, acquisition timeout!", "08001")))).isTrue();
    }

    @Test
    void publishFailuresTimeoutsAndInterruptedIoAreTransient() {
        for (Throwable t : new Throwable[] {
                new PublishFailedException("Pub/Sub did not accept", new TimeoutException()),
                new IllegalStateException("wrapped", new TimeoutException("waited 10 s")),
                new SocketTimeoutException("read timed out"), new ConnectException("Connection refused"),
                new UncheckedIOException(new UnknownHostException("pubsub.googleapis.com")),
                new HttpTimeoutException("request timed out"), new InterruptedException(),
                new TransientFailureException("row kept changing"),
                new ApiException(null, GrpcStatusCode.of(Status.Code.UNAVAILABLE), true)}) {
            assertThat(TransientFailures.isTransient(t)).as(t.toString()).isTrue();
        }
    }

    @Test
    void bugsAndRefusalsAreDeterministic() {
        for (Throwable t : new Throwable[] {new IllegalArgumentException("unknown processor X"),
                new NullPointerException(), new IllegalStateException("no plan"),
                new UncheckedIOException(new com.fasterxml.jackson.core.JsonParseException(null, "bad JSON")),
                new ApiException(null, GrpcStatusCode.of(Status.Code.INVALID_ARGUMENT), false)}) {
            assertThat(TransientFailures.isTransient(t)).as(t.toString()).isFalse();
        }
    }
}
