package dev.rebound.testing.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rebound.localpostgres.EmbeddedServer;
import dev.rebound.runtime.sql.Sql;
import dev.rebound.runtime.store.StateStore;
import dev.rebound.runtime.store.StoreException;
import dev.rebound.testing.TestStores;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The state store's transactions on a real PostgreSQL server. */
class StateStoreTest {
    private StateStore store;

    @BeforeEach
    void freshStore() {
        store = TestStores.migrated("store_test", null);
        store.execute(Sql.of("CREATE TABLE t (k VARCHAR(16) PRIMARY KEY, v INT NOT NULL)"));
    }

    private long count() {
        return store.query(Sql.of("SELECT count(*) AS n FROM t")).get(0).getLong("n");
    }

    @Test
    void aTransactionCommitsEverythingOrNothing() {
        assertThatThrownBy(() -> store.inTransaction(() -> {
            store.execute(Sql.of("INSERT INTO t VALUES ('a', 1)"));
            store.execute(Sql.of("INSERT INTO t VALUES ('a', 2)"));
        })).isInstanceOf(StoreException.class);
        assertThat(count()).isZero();

        store.inTransaction(() -> {
            store.execute(Sql.of("INSERT INTO t VALUES ('a', 1)"));
            store.execute(Sql.of("INSERT INTO t VALUES ('b', 2)"));
        });
        assertThat(count()).isEqualTo(2);
    }

    @Test
    void aBatchGivesEachStatementsExactCountAndCommitsAllOrNothing() {
        store.execute(Sql.of("INSERT INTO t VALUES ('a', 1), ('b', 1)"));
        String bump = "UPDATE t SET v = v + 1 WHERE k = @k AND v < @below";
        long[] counts = store.executeBatch(List.of(Sql.of(bump).bind("k", "a").bind("below", 5),
                Sql.of(bump).bind("k", "nobody").bind("below", 5), Sql.of(bump).bind("k", "b").bind("below", 1)));
        assertThat(counts).containsExactly(1, 0, 0);

        String guarded = "UPDATE t SET v = v + 10 / @divisor WHERE k = @k";
        assertThatThrownBy(() -> store.executeBatch(List.of(Sql.of(guarded).bind("k", "a").bind("divisor", 1),
                Sql.of(guarded).bind("k", "b").bind("divisor", 0)))).isInstanceOf(StoreException.class);
        assertThat(store.query(Sql.of("SELECT v FROM t WHERE k = 'a'")).get(0).getLong("v"))
                .as("the batch's first statement rolled back with the second").isEqualTo(2L);

        assertThatThrownBy(() -> store.executeBatch(List.of(Sql.of(bump), Sql.of(guarded))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one statement text");
    }

    @Test
    void aNestedTransactionJoinsTheOuterOne() {
        assertThatThrownBy(() -> store.inTransaction(() -> {
            store.inTransaction(() -> store.execute(Sql.of("INSERT INTO t VALUES ('inner', 1)")));
            throw new IllegalStateException("outer fails after the inner call returned");
        })).hasMessageContaining("outer fails");
        assertThat(count()).isZero();
    }

    @Test
    void afterCommitActionsRunOnlyOnceCommitted() {
        List<String> ran = new ArrayList<>();
        store.inTransaction(() -> {
            store.execute(Sql.of("INSERT INTO t VALUES ('a', 1)"));
            store.afterCommit(() -> ran.add("committed " + count()));
            assertThat(ran).isEmpty();
        });
        assertThat(ran).containsExactly("committed 1");

        assertThatThrownBy(() -> store.inTransaction(() -> {
            store.afterCommit(() -> ran.add("must not run"));
            throw new IllegalArgumentException("rolled back");
        })).isInstanceOf(IllegalArgumentException.class);
        assertThat(ran).containsExactly("committed 1");
    }

    @Test
    void affectedRowCountsAreExact() {
        store.execute(Sql.of("INSERT INTO t VALUES ('a', 1), ('b', 1), ('c', 2)"));
        assertThat(store.execute(Sql.of("UPDATE t SET v = v + 1 WHERE v = @v").bind("v", 1))).isEqualTo(2);
        assertThat(store.execute(Sql.of("UPDATE t SET v = 9 WHERE k = 'a' AND v = @seen").bind("seen", 1)))
                .as("a guarded update whose guard no longer holds").isZero();
        assertThat(store.execute(Sql.of("INSERT INTO t VALUES ('a', 5) ON CONFLICT DO NOTHING"))).isZero();
    }

    @Test
    void aRefusedStatementIsADefectAndAnUnreachableServerIsTransient() {
        StoreException refused = (StoreException) org.assertj.core.api.Assertions.catchThrowable(
                () -> store.execute(Sql.of("INSERT INTO t VALUES ('a', NULL)")));
        assertThat(refused.isTransient()).as(refused.getMessage()).isFalse();

        try (EmbeddedServer server = EmbeddedServer.startTemporary()) {
            server.createDatabase("gone");
            StateStore doomed = new StateStore(TestStores.dataSource(server.jdbcUrl("gone"), "public"), "public");
            assertThat(doomed.reachable()).isTrue();
            server.kill();
            StoreException down = (StoreException) org.assertj.core.api.Assertions.catchThrowable(
                    () -> doomed.query(Sql.of("SELECT 1 AS one")));
            assertThat(down.isTransient()).as(down.getMessage()).isTrue();
            assertThat(doomed.reachable()).isFalse();
        }
    }
}
