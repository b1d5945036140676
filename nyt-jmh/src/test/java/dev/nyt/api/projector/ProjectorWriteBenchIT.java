package dev.nyt.api.projector;

import static org.assertj.core.api.Assertions.assertThat;

import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The projector write benchmark against PostgreSQL, once per way: each writes the whole batch into the emptied table. */
class ProjectorWriteBenchIT {

    private final ProjectorWriteBench bench = new ProjectorWriteBench();

    @AfterEach
    void close() {
        bench.close();
    }

    private int rows() {
        return bench.database.dsl().fetchCount(DSL.table(ProjectorWriteBench.TABLE));
    }

    @Test
    void projectorBatchAndRawCopyEachWriteEveryRow() throws Exception {
        bench.setup();

        bench.emptyTable();
        bench.projectorBatch();
        assertThat(rows()).isEqualTo(ProjectorWriteBench.ROWS);

        bench.emptyTable();
        assertThat(bench.rawCopy()).isEqualTo(ProjectorWriteBench.ROWS);
        assertThat(rows()).isEqualTo(ProjectorWriteBench.ROWS);
    }
}
