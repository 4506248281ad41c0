package stet.auth;

import static stet.db.jooq.Tables.APP_SECRET;

import java.security.SecureRandom;
import org.jooq.DSLContext;

/**
 * Secrets shared by all nodes. The first node to ask creates a secret; every node then
 * reads the same one. Creating is race-safe: the insert does nothing when another node
 * won.
 */
public final class SecretStore {

    private final DSLContext dsl;
    private final SecureRandom random = new SecureRandom();

    public SecretStore(DSLContext dsl) {
        this.dsl = dsl;
    }

    public byte[] getOrCreate(String name) {
        byte[] fresh = new byte[32];
        random.nextBytes(fresh);
        dsl.insertInto(APP_SECRET)
                .set(APP_SECRET.NAME, name)
                .set(APP_SECRET.VALUE, fresh)
                .onConflictDoNothing()
                .execute();
        return dsl.select(APP_SECRET.VALUE).from(APP_SECRET).where(APP_SECRET.NAME.eq(name)).fetchSingle(APP_SECRET.VALUE);
    }
}
