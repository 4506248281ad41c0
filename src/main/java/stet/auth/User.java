package stet.auth;

/** A person who can log in. The password hash never leaves {@link UserStore}. */
public record User(long id, String username, String displayName, Role role) {

    public boolean isAdmin() {
        return role == Role.ADMIN;
    }
}
