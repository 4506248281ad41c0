package stet.auth;

/** Who an API request is: the token it was authenticated with, its user and its scope. */
public record Bearer(long tokenId, User user, TokenScope scope) {}
