package stet.e2e;

import stet.support.TestApp;

/** The users {@link stet.support.TestApp} seeds, with what the header shows for them. */
record User(String username, String password, String displayName, String role) {

    static final User ALICE = new User("alice", TestApp.DEMO_PASSWORD, "Alice", "editor");
    static final User BOB = new User("bob", TestApp.DEMO_PASSWORD, "Bob", "editor");
    static final User ADMIN = new User("admin", TestApp.ADMIN_PASSWORD, "Admin", "admin");

    /** What the header's {@code current-user} says while this user is logged in. */
    String header() {
        return displayName + " (" + role + ")";
    }
}
