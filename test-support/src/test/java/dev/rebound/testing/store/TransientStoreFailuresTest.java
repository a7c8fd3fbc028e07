package dev.rebound.testing.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.rebound.runtime.push.TransientFailures;
import dev.rebound.runtime.sql.Sql;
import dev.rebound.runtime.store.StateStore;
import dev.rebound.runtime.store.StoreException;
import dev.rebound.testing.TestStores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a real PostgreSQL server refuses for a statement's own content is not worth a redelivery: the same statement
 * fails the same way every time, so the message is quarantined after its local attempts.
 */
class TransientStoreFailuresTest {
    private StateStore store;

    @BeforeEach
    void freshStore() {
        store = TestStores.migrated("transient_failures", null);
        store.execute(Sql.of("CREATE TABLE runs (processor VARCHAR(4) PRIMARY KEY)"));
        store.execute(Sql.of("INSERT INTO runs VALUES ('P')"));
    }

    private StoreException refused(Runnable statement) {
        return catchThrowableOfType(() -> store.inTransaction(statement::run), StoreException.class);
    }

    @Test
    void aStatementTheStoreRefusesForItsContentIsDeterministic() {
        StoreException tooLong = refused(
                () -> store.execute(Sql.of("INSERT INTO runs VALUES ('PlayerGameSummaryProcessor')")));
        StoreException duplicate = refused(() -> store.execute(Sql.of("INSERT INTO runs VALUES ('P')")));
        StoreException noSuchTable = refused(() -> store.query(Sql.of("SELECT * FROM no_such_table")));

        assertThat(tooLong.sqlState()).isEqualTo("22001");
        assertThat(duplicate.sqlState()).isEqualTo("23505");
        assertThat(noSuchTable.sqlState()).isEqualTo("42P01");
        for (StoreException e : new StoreException[] {tooLong, duplicate, noSuchTable}) {
            assertThat(TransientFailures.isTransient(e)).as(e.sqlState() + " " + e.getMessage()).isFalse();
        }
    }
}
