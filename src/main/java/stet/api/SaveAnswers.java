package stet.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.Map;
import stet.auth.User;
import stet.record.DeleteOutcome;
import stet.record.RecordService;
import stet.record.SaveOutcome;
import stet.record.StoredRecord;
import stet.schema.Collection;

/**
 * How the API answers what a write came to: every {@link SaveOutcome} and
 * {@link DeleteOutcome} case has its status, so a new case does not compile until it has
 * one here too. Every answer about a record carries its {@code ETag}.
 */
final class SaveAnswers {

    private final RecordService records;
    private final ApiJson json;

    SaveAnswers(RecordService records, ApiJson json) {
        this.records = records;
        this.json = json;
    }

    /** A record (200, or {@code status}) with its ETag. */
    void record(Context ctx, HttpStatus status, StoredRecord record, Collection collection) {
        ctx.header("ETag", Preconditions.etag(record.version()));
        json.answer(ctx, status, RecordJson.record(record, collection));
    }

    /** 410: the record is deleted; the body has it as it is (its values as when deleted), and its ETag. */
    void gone(Context ctx, StoredRecord record) {
        ObjectNode body = json.error(HttpStatus.GONE, "Record " + record.id() + " was deleted (version "
                + record.version() + "). Its history is kept; nothing was changed.");
        body.set("record", RecordJson.record(record, records.collectionOf(record)));
        ctx.header("ETag", Preconditions.etag(record.version()));
        json.answer(ctx, HttpStatus.GONE, body);
    }

    /**
     * 412: someone saved after the version the client named, or the client named a tag that is
     * no version (weak, zero-padded, not a number: it is named as sent, never as "version 0");
     * the body has the record as saved now.
     */
    void stale(Context ctx, StoredRecord current, int baseVersion) {
        String why = baseVersion == Preconditions.NO_VERSION
                ? "If-Match: " + Preconditions.ifMatchSent(ctx) + " names no version: stet's ETags are strong versions,"
                        + " compared character by character, and the record is at version " + current.version() + "."
                : "The record is at version " + current.version() + ", not " + baseVersion + ": someone saved after"
                        + " your version.";
        ObjectNode body = json.error(HttpStatus.PRECONDITION_FAILED, why + " Nothing was changed. Send your"
                + " change again with If-Match: " + Preconditions.etag(current.version())
                + ", or with Prefer: merge to have it merged with theirs.");
        body.set("record", RecordJson.record(current, records.collectionOf(current)));
        ctx.header("ETag", Preconditions.etag(current.version()));
        json.answer(ctx, HttpStatus.PRECONDITION_FAILED, body);
    }

    /** 422: a message per invalid field (a unique value taken by another record among them). */
    void invalid(Context ctx, Map<String, String> errors) {
        ObjectNode body = json.error(HttpStatus.UNPROCESSABLE_CONTENT, "Some values are not valid. Nothing was changed.");
        ObjectNode fields = body.putObject("fields");
        errors.forEach(fields::put);
        json.answer(ctx, HttpStatus.UNPROCESSABLE_CONTENT, body);
    }

    /** Answers a PUT's or PATCH's outcome. */
    void save(Context ctx, SaveOutcome outcome, User me) {
        outcome.accept(new SaveOutcome.Visitor<Void>() {
            @Override
            public Void saved(SaveOutcome.Saved saved) {
                ObjectNode body = RecordJson.record(saved.record(), saved.collection());
                if (saved.merge() != null) {
                    ctx.header("Preference-Applied", "merge");
                    body.set("merge", MergeJson.summary(saved.merge(), saved.collection(), me));
                }
                ctx.header("ETag", Preconditions.etag(saved.record().version()));
                json.answer(ctx, HttpStatus.OK, body);
                return null;
            }

            @Override
            public Void unchanged(SaveOutcome.Unchanged unchanged) {
                record(ctx, HttpStatus.OK, unchanged.record(), records.collectionOf(unchanged.record()));
                return null;
            }

            @Override
            public Void invalid(SaveOutcome.Invalid invalid) {
                SaveAnswers.this.invalid(ctx, invalid.validation().errors());
                return null;
            }

            @Override
            public Void conflict(SaveOutcome.Conflict conflict) {
                Collection collection = records.collectionOf(conflict.theirs());
                String theirs = Preconditions.etag(conflict.theirs().version());
                // A clean merge asked for with Prefer: merge is always saved (under the record's row lock).
                String message = "Your change conflicts with changes saved after version " + conflict.original().version()
                        + ". Nothing was changed. Resolve the fields named in \"conflicts\" and send the result"
                        + " with If-Match: " + theirs + ".";
                ObjectNode body = MergeJson.conflict(conflict, collection, json.error(HttpStatus.CONFLICT, message));
                ctx.header("ETag", theirs);
                json.answer(ctx, HttpStatus.CONFLICT, body);
                return null;
            }

            @Override
            public Void deleted(SaveOutcome.Deleted deleted) {
                gone(ctx, deleted.current());
                return null;
            }

            @Override
            public Void held(SaveOutcome.Held held) {
                ObjectNode body = json.error(HttpStatus.LOCKED, held.lease().holderName() + " is editing this record, and"
                        + " in this collection only they may save it until they are done (their lease ends at "
                        + held.lease().expiresAt().toInstant() + " unless renewed). Nothing was changed.");
                ObjectNode lease = body.putObject("lease");
                lease.put("holder", held.lease().holderName());
                lease.put("expiresAt", held.lease().expiresAt().toInstant().toString());
                ctx.header("ETag", Preconditions.etag(held.current().version()));
                json.answer(ctx, HttpStatus.LOCKED, body);
                return null;
            }

            @Override
            public Void stale(SaveOutcome.Stale stale) {
                SaveAnswers.this.stale(ctx, stale.current(), stale.baseVersion());
                return null;
            }
        });
    }

    /** Answers a DELETE's outcome: 204, or 412 (410 when it is deleted already). */
    void delete(Context ctx, DeleteOutcome outcome) {
        outcome.accept(new DeleteOutcome.Visitor<Void>() {
            @Override
            public Void deleted(DeleteOutcome.Deleted deleted) {
                ctx.header("ETag", Preconditions.etag(deleted.deletedVersion()));
                ctx.status(HttpStatus.NO_CONTENT);
                return null;
            }

            @Override
            public Void repeated(DeleteOutcome.Repeated repeated) {
                // As documented for any DELETE of a deleted record, the caller's own included.
                gone(ctx, repeated.current());
                return null;
            }

            @Override
            public Void stale(DeleteOutcome.Stale stale) {
                if (stale.current().deleted()) {
                    gone(ctx, stale.current());
                } else {
                    SaveAnswers.this.stale(ctx, stale.current(), stale.baseVersion());
                }
                return null;
            }
        });
    }
}
