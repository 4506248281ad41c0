package stet.auth;

import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;

/**
 * Argon2id password hashing (Spring Security's encoder over Bouncy Castle). Hashes
 * carry their own salt and parameters, so they can be strengthened later without
 * invalidating old ones.
 */
public final class Passwords {

    public static final int MIN_LENGTH = 8;

    private final Argon2PasswordEncoder encoder = Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8();
    /** Checked against when the user does not exist, so both cases take as long. */
    private final String decoy = encoder.encode("decoy password for timing");

    public String hash(String password) {
        return encoder.encode(password);
    }

    public boolean matches(String password, String hash) {
        return encoder.matches(password, hash == null ? decoy : hash);
    }

    /** A message when the password is unacceptable, otherwise null. */
    public static String problem(String password) {
        if (password == null || password.length() < MIN_LENGTH) {
            return "A password needs at least " + MIN_LENGTH + " characters.";
        }
        if (password.length() > 200) {
            return "A password may have at most 200 characters.";
        }
        return null;
    }
}
