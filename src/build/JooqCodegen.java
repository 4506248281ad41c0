import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jooq.codegen.GenerationTool;
import org.jooq.meta.jaxb.Configuration;
import org.jooq.meta.jaxb.Database;
import org.jooq.meta.jaxb.Generate;
import org.jooq.meta.jaxb.Generator;
import org.jooq.meta.jaxb.Jdbc;
import org.jooq.meta.jaxb.Logging;
import org.jooq.meta.jaxb.Target;

/**
 * Build step (run by Maven in generate-sources with Java's single-file launcher):
 * starts a throw-away embedded PostgreSQL, applies the Flyway migrations and
 * generates the jOOQ classes from the resulting schema. A stamp of the migrations'
 * and this file's content is kept beside the output; when it matches, the step
 * does nothing, so generated code is regenerated exactly when the schema changes.
 *
 * <p>Arguments: migration folder, output folder, target package, this file.
 */
public class JooqCodegen {

    public static void main(String[] args) throws Exception {
        Path migrations = Path.of(args[0]);
        Path output = Path.of(args[1]);
        String targetPackage = args[2];

        Path stampFile = output.resolve(".schema-stamp");
        String stamp = stamp(Path.of(args[3]), migrations);
        if (Files.exists(stampFile) && Files.readString(stampFile).equals(stamp)) {
            return;
        }
        deleteTree(output);

        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start()) {
            DataSource dataSource = pg.getPostgresDatabase();
            Flyway.configure()
                    .dataSource(dataSource)
                    .locations("filesystem:" + migrations.toAbsolutePath())
                    .load()
                    .migrate();
            GenerationTool.generate(new Configuration()
                    .withLogging(Logging.WARN)
                    .withJdbc(new Jdbc()
                            .withDriver("org.postgresql.Driver")
                            .withUrl(pg.getJdbcUrl("postgres", "postgres"))
                            .withUser("postgres"))
                    .withGenerator(new Generator()
                            .withDatabase(new Database()
                                    .withName("org.jooq.meta.postgres.PostgresDatabase")
                                    .withInputSchema("public")
                                    .withExcludes("flyway_schema_history"))
                            .withGenerate(new Generate()
                                    .withRecords(true)
                                    .withPojos(false)
                                    .withJavaTimeTypes(true)
                                    .withGeneratedAnnotation(false))
                            .withTarget(new Target()
                                    .withPackageName(targetPackage)
                                    .withDirectory(output.toAbsolutePath().toString()))));
        }
        Files.createDirectories(output);
        Files.writeString(stampFile, stamp);
        System.out.println("jOOQ classes generated from " + migrations);
    }

    private static String stamp(Path generator, Path migrations) throws IOException, NoSuchAlgorithmException {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        digest.update(Files.readAllBytes(generator));
        List<Path> files;
        try (Stream<Path> listing = Files.list(migrations)) {
            files = listing.filter(p -> p.toString().endsWith(".sql")).sorted().toList();
        }
        for (Path file : files) {
            digest.update(file.getFileName().toString().getBytes(StandardCharsets.UTF_8));
            digest.update(Files.readAllBytes(file));
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.delete(p);
            }
        }
    }
}
