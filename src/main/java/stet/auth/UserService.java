package stet.auth;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import stet.error.NotFoundException;

/** Logging in, and the user administration rules (who exists, with which role). */
public final class UserService {

    /** The outcome of creating a user: the user, or a message per invalid field. */
    public record Created(User user, Map<String, String> errors) {
        public boolean ok() {
            return user != null;
        }
    }

    private static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,39}");

    private final UserStore users;
    private final Passwords passwords;

    public UserService(UserStore users, Passwords passwords) {
        this.users = users;
        this.passwords = passwords;
    }

    /**
     * The user whose password this is; empty for an unknown user or a wrong password. The
     * username is read as the log-in throttle counts it ({@link Usernames}); one with a
     * control character in it is nobody's.
     */
    public Optional<User> authenticate(String username, String password) {
        return checkPassword(username, password).map(UserStore.Credentials::user);
    }

    /**
     * As {@link #authenticate}, with the hash the password matched: a log-in starts its
     * session only while that hash is still the user's ({@link SessionStore#create}).
     */
    public Optional<UserStore.Credentials> checkPassword(String username, String password) {
        if (username == null || password == null) {
            return Optional.empty();
        }
        Optional<UserStore.Credentials> credentials = Usernames.namesNobody(username)
                ? Optional.empty()
                : users.credentials(Usernames.normal(username));
        // Check a hash even for unknown users, so response times do not reveal which exist.
        boolean matches = passwords.matches(password, credentials.map(UserStore.Credentials::passwordHash).orElse(null));
        return credentials.filter(c -> matches);
    }

    public List<User> all() {
        return users.all();
    }

    public Created create(String username, String displayName, String roleName, String password) {
        Map<String, String> errors = new LinkedHashMap<>();
        String name = username == null ? "" : username.trim().toLowerCase(Locale.ROOT);
        if (!USERNAME.matcher(name).matches()) {
            errors.put("username", "Use 1 to 40 lower-case letters, digits, '.', '_' or '-', starting with a letter or digit.");
        }
        String display = displayName == null || displayName.isBlank() ? name : displayName.trim();
        // Characters, as PostgreSQL counts them: an emoji is one, though Java's length counts two.
        if (display.codePointCount(0, display.length()) > 100) {
            errors.put("display_name", "A display name may have at most 100 characters.");
        }
        Role role = parseRole(roleName);
        if (role == null) {
            errors.put("role", "Choose editor or admin.");
        }
        String passwordProblem = Passwords.problem(password, name);
        if (passwordProblem != null) {
            errors.put("password", passwordProblem);
        }
        if (!errors.isEmpty()) {
            return new Created(null, errors);
        }
        try {
            return new Created(users.create(name, display, role, passwords.hash(password)), Map.of());
        } catch (UserStore.DuplicateUsernameException e) {
            return new Created(null, Map.of("username", e.getMessage()));
        }
    }

    /**
     * Changes a user's role. Returns a message when the change is refused: the last admin
     * cannot be demoted, or nobody could administer stet any more.
     */
    public Optional<String> setRole(long userId, String roleName) {
        Role role = parseRole(roleName);
        if (role == null) {
            return Optional.of("Choose editor or admin.");
        }
        try {
            if (!users.setRole(userId, role)) {
                throw new NotFoundException("There is no user " + userId + ".");
            }
        } catch (UserStore.LastAdminException | UserStore.AdminsBusyException e) {
            // Decided by the database, so that two admins demoting each other at once cannot both succeed.
            return Optional.of(e.getMessage());
        }
        return Optional.empty();
    }

    /**
     * Makes sure the user exists. Returns true when it was created now. With
     * {@code resetPassword}, an existing user whose password is not {@code password} gets it,
     * and their sessions and API tokens end ({@link UserStore#resetPassword}); the same
     * password again (every restart of every node) changes nothing.
     */
    public boolean ensure(String username, String displayName, Role role, String password, boolean resetPassword) {
        Optional<UserStore.Credentials> existing = users.credentials(username);
        if (existing.isPresent()) {
            if (resetPassword && !passwords.matches(password, existing.get().passwordHash())) {
                users.resetPassword(existing.get().user().id(), passwords.hash(password));
            }
            return false;
        }
        try {
            users.create(username, displayName, role, passwords.hash(password));
            return true;
        } catch (UserStore.DuplicateUsernameException e) {
            return false; // another node created it first
        }
    }

    private static Role parseRole(String name) {
        if ("editor".equals(name)) {
            return Role.EDITOR;
        }
        if ("admin".equals(name)) {
            return Role.ADMIN;
        }
        return null;
    }
}
