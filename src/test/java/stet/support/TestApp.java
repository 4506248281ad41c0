package stet.support;

import java.nio.file.Path;
import java.util.Optional;
import stet.App;
import stet.Config;
import stet.db.Database;

/** Starts stet the way Main does, on a free port, over a fresh test database, with the demo data. */
public final class TestApp {

    public static final String ADMIN_PASSWORD = "admin-password";
    public static final String DEMO_PASSWORD = "demo-password";

    private TestApp() {}

    public static App start(Database db) {
        return start(db, ADMIN_PASSWORD);
    }

    /** As {@link #start(Database)}, with {@code adminPassword} as {@code STET_ADMIN_PASSWORD}. */
    public static App start(Database db, String adminPassword) {
        Config config = new Config(0, Optional.empty(), Path.of("unused"), Optional.of(adminPassword), true, DEMO_PASSWORD);
        return App.start(config, db);
    }
}
