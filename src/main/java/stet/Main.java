package stet;

import stet.merge.cli.MergeFileCommand;

/**
 * The command line: {@code java -jar stet.jar} runs the server (configured by the
 * environment, see {@link Config}); {@code java -jar stet.jar merge-file …} runs the
 * three-way file merge for scripts.
 */
public final class Main {

    private Main() {}

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("merge-file")) {
            // The arguments as bytes: labels and file names must survive any locale.
            System.exit(MergeFileCommand.run(MergeFileCommand.rawArguments(args, args.length - 1), System.out,
                    System.err));
        }
        if (args.length > 0) {
            System.err.println("usage: stet                                     (run the server)");
            System.err.println("       stet merge-file [<options>] YOURS BASE THEIRS   (as git merge-file; -h lists the options)");
            System.exit(129);
        }
        Config config;
        try {
            config = Config.fromEnvironment(System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("stet: " + e.getMessage());
            System.exit(2);
            return;
        }
        long started = System.nanoTime();
        App app;
        try {
            app = App.start(config);
        } catch (StartFailure e) {
            System.err.println("stet: " + e.getMessage());
            System.exit(1);
            return;
        }
        app.closeAtExit();
        long millis = (System.nanoTime() - started) / 1_000_000;
        System.out.println();
        System.out.println("stet is listening on http://localhost:" + app.port() + "  (started in " + millis + " ms)");
        System.out.println(config.databaseUrl().isPresent()
                ? "database: " + "the PostgreSQL at DATABASE_URL"
                : "database: embedded PostgreSQL, data in " + config.dataDir().toAbsolutePath());
        app.seeded().describe().forEach(line -> System.out.println("  " + line));
        System.out.println("Stop with Ctrl-C.");
    }
}
