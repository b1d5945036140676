package dev.nyt.api.projector;

import dev.nyt.api.db.jooq.DefaultSchema;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jooq.DSLContext;
import org.jooq.Table;

/** Every row of every read-model table, in primary-key order, as text: two equal dumps are equal databases. */
final class ReadModelDump {

    private ReadModelDump() {
    }

    static Map<String, String> of(DSLContext dsl) {
        Map<String, String> dump = new LinkedHashMap<>();
        for (Table<?> table : DefaultSchema.DEFAULT_SCHEMA.getTables()) {
            dump.put(table.getName(), dsl.selectFrom(table)
                    .orderBy(table.getPrimaryKey().getFields())
                    .fetch().formatCSV());
        }
        return dump;
    }
}
