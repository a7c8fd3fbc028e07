package dev.rebound.runtime.warehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Group commit against a real H2 database. To make "several statements in one commit" deterministic rather than a
 * matter of timing, a second connection holds a row lock: the writer blocks on its first statement while the others
 * queue up behind it, and once the lock is released they all travel in the next commit.
 */
class GroupCommitWriterTest {
    private JdbcDataSource ds;
    private Connection blocker;
    private ExecutorService callers;

    @BeforeEach
    void setUp() throws SQLException {
        ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:group-commit-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=20000");
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE gate (id INT PRIMARY KEY, n INT)");
            st.execute("INSERT INTO gate VALUES (1, 0)");
            st.execute("CREATE TABLE events (id VARCHAR(20) PRIMARY KEY)");
            st.execute("INSERT INTO events VALUES ('taken')");
        }
        callers = Executors.newFixedThreadPool(12);
    }

    @AfterEach
    void tearDown() throws SQLException {
        callers.shutdownNow();
        if (blocker != null) {
            blocker.close();
        }
    }

    private static NamedParameters.Positional sql(String text) {
        return NamedParameters.toPositional(text);
    }

    private Future<Long> insert(GroupCommitWriter writer, String id) {
        return callers.submit(() -> writer.execute(sql("INSERT INTO events (id) VALUES (@id)"), Map.of("id", id)));
    }

    /** Holds gate row 1 locked and starts a write that waits for it: the writer is now busy on that statement. */
    private Future<Long> occupyWriter(GroupCommitWriter writer) throws Exception {
        blocker = ds.getConnection();
        blocker.setAutoCommit(false);
        try (Statement st = blocker.createStatement()) {
            st.executeUpdate("UPDATE gate SET n = n + 1 WHERE id = 1");
        }
        Future<Long> first = callers.submit(() -> writer.execute(sql("UPDATE gate SET n = n + 10 WHERE id = @id"),
                Map.of("id", 1)));
        await().atMost(Duration.ofSeconds(10)).until(() -> writer.groupsCommitted() == 0 && writer.waiting() == 0
                && writer.writersStarted() == 1);
        return first;
    }

    /** Queues n inserts behind the busy writer and waits until all of them are waiting. */
    private List<Future<Long>> queueInserts(GroupCommitWriter writer, String prefix, int n) {
        List<Future<Long>> queued = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            queued.add(insert(writer, prefix + i));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> writer.waiting() == n);
        return queued;
    }

    private static List<Long> results(List<Future<Long>> futures) throws Exception {
        List<Long> out = new ArrayList<>();
        for (Future<Long> f : futures) {
            out.add(f.get(20, TimeUnit.SECONDS));
        }
        return out;
    }

    private List<String> storedIds() throws SQLException {
        List<String> ids = new ArrayList<>();
        try (Connection c = ds.getConnection(); Statement st = c.createStatement();
                var rs = st.executeQuery("SELECT id FROM events ORDER BY id")) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        }
        return ids;
    }

    @Test
    void writesThatArriveTogetherShareOneCommitAndEachGetsItsOwnCount() throws Exception {
        GroupCommitWriter writer = new GroupCommitWriter(ds, 64);
        Future<Long> first = occupyWriter(writer);

        List<Future<Long>> queued = queueInserts(writer, "e", 10);
        assertThat(storedIds()).containsExactly("taken");

        blocker.commit();
        assertThat(first.get(20, TimeUnit.SECONDS)).isEqualTo(1L);
        assertThat(results(queued)).containsOnly(1L);
        // one commit for the statement that waited on the lock, one for the ten queued behind it
        assertThat(writer.groupsCommitted()).isEqualTo(2);
        assertThat(storedIds()).hasSize(11);
    }

    @ParameterizedTest(name = "savepoint per statement: {0}")
    @ValueSource(booleans = {false, true})
    void aFailingStatementFailsOnlyItsOwnCallerAndTheRestOfItsGroupCommits(boolean savepoints) throws Exception {
        GroupCommitWriter writer = savepoints ? new GroupCommitWriter(ds, 64).withSavepoints()
                : new GroupCommitWriter(ds, 64);
        Future<Long> first = occupyWriter(writer);

        Future<Long> before = insert(writer, "before");
        await().until(() -> writer.waiting() == 1);
        Future<Long> duplicate = insert(writer, "taken");
        await().until(() -> writer.waiting() == 2);
        Future<Long> after = insert(writer, "after");
        await().until(() -> writer.waiting() == 3);

        blocker.commit();
        first.get(20, TimeUnit.SECONDS);
        assertThat(before.get(20, TimeUnit.SECONDS)).isEqualTo(1L);
        assertThat(after.get(20, TimeUnit.SECONDS)).isEqualTo(1L);
        try {
            duplicate.get(20, TimeUnit.SECONDS);
            throw new AssertionError("the duplicate key was accepted");
        } catch (java.util.concurrent.ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(SQLException.class).hasMessageContaining("EVENTS");
        }
        assertThat(writer.groupsCommitted()).isEqualTo(2);
        assertThat(storedIds()).containsExactly("after", "before", "taken");
    }

    @Test
    void aGroupIsCappedAtItsMaximum() throws Exception {
        GroupCommitWriter writer = new GroupCommitWriter(ds, 4);
        Future<Long> first = occupyWriter(writer);
        List<Future<Long>> queued = queueInserts(writer, "c", 10);
        blocker.commit();
        first.get(20, TimeUnit.SECONDS);
        assertThat(results(queued)).hasSize(10).containsOnly(1L);
        // 1 + ceil(10 / 4)
        assertThat(writer.groupsCommitted()).isEqualTo(4);
        assertThat(storedIds()).hasSize(11);
    }

    @Test
    void theWriterStopsWhenIdleAndTheNextWriteStartsItAgain() throws Exception {
        GroupCommitWriter writer = new GroupCommitWriter(ds, 64, 100);
        assertThat(writer.execute(sql("INSERT INTO events (id) VALUES (@id)"), Map.of("id", "one"))).isEqualTo(1L);
        await().atMost(Duration.ofSeconds(10)).until(() -> !writer.writerRunning());
        assertThat(writer.execute(sql("INSERT INTO events (id) VALUES (@id)"), Map.of("id", "two"))).isEqualTo(1L);
        assertThat(writer.writersStarted()).isEqualTo(2);
        assertThat(storedIds()).containsExactly("one", "taken", "two");
    }

    @Test
    @Timeout(30)
    void anErrorInTheWriterFailsItsGroupAndTheNextWriteGetsAFreshWriter() throws Exception {
        AtomicInteger connections = new AtomicInteger();
        DataSource failingOnce = (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getConnection") && connections.incrementAndGet() == 1) {
                        throw new StackOverflowError("the first connection attempt blows up");
                    }
                    try {
                        return method.invoke(ds, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        GroupCommitWriter writer = new GroupCommitWriter(failingOnce, 64);
        Thread.UncaughtExceptionHandler quiet = (t, e) -> { };
        Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler(quiet);
        try {
            assertThatThrownBy(() -> writer.execute(sql("INSERT INTO events (id) VALUES (@id)"), Map.of("id", "lost")))
                    .isInstanceOf(SQLException.class).hasCauseInstanceOf(StackOverflowError.class);
            assertThat(writer.execute(sql("INSERT INTO events (id) VALUES (@id)"), Map.of("id", "kept"))).isEqualTo(1L);
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(previous);
        }
        assertThat(writer.writersStarted()).isEqualTo(2);
        assertThat(storedIds()).containsExactly("kept", "taken");
    }

    @Test
    void manyConcurrentCallersLoseNothing() throws Exception {
        JdbcWarehouse warehouse = new JdbcWarehouse(ds, 64);
        List<Future<?>> all = new ArrayList<>();
        for (int t = 0; t < 12; t++) {
            int thread = t;
            all.add(callers.submit(() -> {
                for (int i = 0; i < 200; i++) {
                    warehouse.execute(Sql.of("INSERT INTO events (id) VALUES (@id)").bind("id", thread + "-" + i));
                    warehouse.execute(Sql.of("UPDATE gate SET n = n + 1 WHERE id = 1"));
                }
                return null;
            }));
        }
        for (Future<?> f : all) {
            f.get(60, TimeUnit.SECONDS);
        }
        assertThat(storedIds()).hasSize(1 + 12 * 200);
        assertThat(warehouse.query(Sql.of("SELECT n FROM gate WHERE id = 1")).get(0).getLong("n")).isEqualTo(2400L);
    }
}
