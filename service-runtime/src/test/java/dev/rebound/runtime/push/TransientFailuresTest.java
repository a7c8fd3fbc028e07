package dev.rebound.runtime.push;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.api.gax.grpc.GrpcStatusCode;
import com.google.api.gax.rpc.ApiException;
import dev.rebound.runtime.pubsub.PublishFailedException;
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
import java.sql.Statement;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/** Which failures send a message back to Pub/Sub and which get it quarantined; database errors from real H2. */
class TransientFailuresTest {

    private static SQLException fromH2(String url, String... statements) {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        } catch (SQLException e) {
            return e;
        }
        throw new AssertionError("expected H2 to refuse " + String.join("; ", statements));
    }

    @Test
    void aDatabaseThatCannotBeReachedIsTransient() {
        SQLException refused = fromH2("jdbc:h2:tcp://127.0.0.1:1/nowhere");

        assertThat(TransientFailures.isTransient(new WarehouseException("Query failed", refused))).isTrue();
        assertThat(TransientFailures.isTransient(refused)).isTrue();
        assertThat(TransientFailures.isTransient(new WarehouseException("pool",
                new SQLTransientConnectionException("Sorry, acquisition timeout!", "08001")))).isTrue();
    }

    @Test
    void aStatementTheDatabaseRefusesForItsContentIsDeterministic() {
        String url = "jdbc:h2:mem:transient-failures-test;DB_CLOSE_DELAY=-1";
        SQLException tooLong = fromH2(url, "CREATE TABLE IF NOT EXISTS runs (processor VARCHAR(4) PRIMARY KEY)",
                "INSERT INTO runs VALUES ('PlayerGameSummaryProcessor')");
        SQLException duplicate = fromH2(url, "MERGE INTO runs KEY (processor) VALUES ('P')",
                "INSERT INTO runs VALUES ('P')");
        SQLException noSuchTable = fromH2(url, "SELECT * FROM no_such_table");

        assertThat(tooLong.getSQLState()).startsWith("22");
        for (SQLException e : new SQLException[] {tooLong, duplicate, noSuchTable}) {
            assertThat(TransientFailures.isTransient(new WarehouseException("Statement failed", e)))
                    .as(e.getSQLState() + " " + e.getMessage()).isFalse();
        }
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
