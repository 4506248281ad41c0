package stet.web;

/**
 * Signs a form for the logged-in user as it is rendered, bound to the path the form
 * posts to. Every POST form of a page gets the stamp as a hidden field
 * {@value #FIELD}; a submission that arrives after the session ended is kept across
 * the login only when it carries the stamp of the user who logs in.
 */
@FunctionalInterface
public interface FormStamp {

    /** The hidden field that carries the stamp (a reserved form field name). */
    String FIELD = "_replay";

    /** The stamp of a form that posts to {@code path}. */
    String forPath(String path);
}
