package stet.auth;

import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Argon2id password hashing (Spring Security's encoder over Bouncy Castle). Hashes
 * carry their own salt and parameters, so they can be strengthened later without
 * invalidating old ones.
 */
public final class Passwords {

    public static final int MIN_LENGTH = 12;
    public static final int MAX_LENGTH = 200;

    private final PasswordEncoder encoder;
    /** Checked against when the user does not exist, so both cases take as long. */
    private final String decoy;

    public Passwords() {
        this(Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8());
    }

    /** With another encoder: tests count the hashes checked. */
    Passwords(PasswordEncoder encoder) {
        this.encoder = encoder;
        this.decoy = encoder.encode("decoy password for timing");
    }

    public String hash(String password) {
        return encoder.encode(password);
    }

    public boolean matches(String password, String hash) {
        return encoder.matches(password, hash == null ? decoy : hash);
    }

    /**
     * A message when {@code password} may not be set for the account {@code username},
     * otherwise null. The rules hold wherever a real account's password is chosen (the
     * users page, {@code STET_ADMIN_PASSWORD}); the demo users' password is exempt.
     */
    public static String problem(String password, String username) {
        if (password == null || password.length() < MIN_LENGTH) {
            return "A password needs at least " + MIN_LENGTH + " characters.";
        }
        if (password.length() > MAX_LENGTH) {
            return "A password may have at most " + MAX_LENGTH + " characters.";
        }
        if (password.isBlank()) {
            return "A password cannot be only spaces.";
        }
        if (username != null && password.strip().equalsIgnoreCase(username.strip())) {
            return "A password cannot be the username.";
        }
        return null;
    }
}
