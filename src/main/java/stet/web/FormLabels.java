package stet.web;

import java.util.Map;

/**
 * The labels of the fields a form shows, by field name, found from the path it posts to
 * (a record form's are its collection's field labels): what the page that offers a kept
 * submission calls each value (see {@link FormReplay}). Empty where stet knows none.
 */
@FunctionalInterface
public interface FormLabels {

    /** No labels: each value is called by its field name. */
    FormLabels NONE = action -> Map.of();

    /** The labels of the fields of a form posted to the local path {@code action}, by name. */
    Map<String, String> of(String action);
}
