package dev.nyt.api.db;

import dev.nyt.testing.TestDatabase;
import java.nio.file.Path;
import org.jooq.codegen.GenerationTool;
import org.jooq.meta.jaxb.Configuration;
import org.jooq.meta.jaxb.Generate;
import org.jooq.meta.jaxb.Generator;
import org.jooq.meta.jaxb.Jdbc;
import org.jooq.meta.jaxb.Target;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Regenerates the jOOQ classes of {@code dev.nyt.api.db.jooq} from the Flyway migrations: migrates a fresh
 * database on the test PostgreSQL (see {@code NYT_TEST_DB_URL}) with the prefix {@code nyt} and generates
 * from it. Run after changing a migration, then commit the output:
 *
 * <pre>./mvnw -pl nyt-query-api test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=dev.nyt.api.db.JooqGenerator</pre>
 */
public final class JooqGenerator {

    public static final String PACKAGE = "dev.nyt.api.db.jooq";
    public static final Path SOURCES = Path.of("src/main/java");

    private JooqGenerator() {
    }

    public static void main(String[] args) throws Exception {
        Path target = args.length > 0 ? Path.of(args[0]) : moduleDirectory().resolve(SOURCES);
        generate(target);
        System.out.println("Generated " + PACKAGE + " into " + target.toAbsolutePath());
    }

    /** Migrates a fresh database and generates the classes under {@code directory}; the database is dropped after. */
    public static void generate(Path directory) throws Exception {
        try (TestDatabase db = TestDatabase.create()) {
            PGSimpleDataSource dataSource = new PGSimpleDataSource();
            dataSource.setUrl(db.jdbcUrl());
            dataSource.setUser(db.user());
            dataSource.setPassword(db.password());
            Database.migrate(dataSource, Database.GENERATED_PREFIX);
            GenerationTool.generate(new Configuration()
                    .withLogging(org.jooq.meta.jaxb.Logging.WARN)
                    .withJdbc(new Jdbc().withUrl(db.jdbcUrl()).withUser(db.user()).withPassword(db.password()))
                    .withGenerator(new Generator()
                            .withDatabase(new org.jooq.meta.jaxb.Database()
                                    .withName("org.jooq.meta.postgres.PostgresDatabase")
                                    .withInputSchema("public")
                                    .withOutputSchemaToDefault(true)
                                    .withIncludes(Database.GENERATED_PREFIX + "_.*")
                                    .withExcludes(Database.GENERATED_PREFIX + "_schema_history.*"))
                            .withGenerate(new Generate()
                                    .withRecords(true)
                                    .withPojos(false)
                                    .withDaos(false)
                                    .withGeneratedAnnotation(false)
                                    .withJavaTimeTypes(true)
                                    .withComments(false))
                            .withTarget(new Target()
                                    .withPackageName(PACKAGE)
                                    .withDirectory(directory.toAbsolutePath().toString())
                                    .withClean(true))));
        }
    }

    /** The nyt-query-api directory, whether run from it (Maven) or from the repository root. */
    static Path moduleDirectory() {
        Path here = Path.of("").toAbsolutePath();
        return here.resolve("pom.xml").toFile().exists() && here.getFileName().toString().equals("nyt-query-api")
                ? here : here.resolve("nyt-query-api");
    }
}
