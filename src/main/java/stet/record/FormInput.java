package stet.record;

import io.javalin.http.HttpStatus;
import java.util.LinkedHashMap;
import java.util.Map;
import stet.schema.Validation;

/**
 * What a record form shows again after a submission: the values as typed, per field key; a
 * message per field (under "record", one said above the form as a whole); what was typed into
 * fields removed since the form was opened ({@link Validation.Result#removed()}), shown to copy;
 * and the comment.
 */
record FormInput(Map<String, String> values, Map<String, String> errors, Map<String, String> removed, String comment) {

    FormInput {
        comment = comment == null ? "" : comment;
    }

    /** A submission as its validation left it. */
    static FormInput of(Validation.Result validation, String comment) {
        return new FormInput(validation.input(), validation.errors(), validation.removed(), comment);
    }

    /** Values as typed (or as stored), with nothing to say of them. */
    static FormInput typed(Map<String, String> values, String comment) {
        return new FormInput(values, Map.of(), Map.of(), comment);
    }

    /** This input with {@code notice} said above the form. */
    FormInput withNotice(String notice) {
        Map<String, String> more = new LinkedHashMap<>(errors);
        more.put("record", notice);
        return new FormInput(values, more, removed, comment);
    }

    /**
     * The status of a refused submission: 409 when only the collection's change stopped it (a
     * field removed while the form was open), 422 when a value needs fixing.
     */
    HttpStatus refusal() {
        return errors.isEmpty() && !removed.isEmpty() ? HttpStatus.CONFLICT : HttpStatus.UNPROCESSABLE_CONTENT;
    }
}
