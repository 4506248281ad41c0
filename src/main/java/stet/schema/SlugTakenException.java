package stet.schema;

/**
 * Another collection already uses the slug: raised by {@link CollectionStore} when the
 * database's unique constraint refuses it (two admins creating the same slug at once).
 * Nothing was written.
 */
final class SlugTakenException extends RuntimeException {

    SlugTakenException(String slug, Throwable cause) {
        super("another collection already uses '" + slug + "'", cause, false, false);
    }
}
