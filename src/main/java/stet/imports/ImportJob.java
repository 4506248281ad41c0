package stet.imports;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An import as stored: its file's classification and how far applying it has come.
 *
 * @param id its id
 * @param collectionId the collection it imports into
 * @param collectionSlug that collection's slug
 * @param definitionVersion the collection's definition the preview was validated with
 * @param uploadedBy who uploaded the file (user id)
 * @param uploaderName their display name
 * @param state where it is
 * @param matchField the unique field rows without {@code _id} are matched on, or null
 * @param columns the file's header, in its order
 * @param separator what the file's values were separated by: a comma, a semicolon or a tab
 * @param counts rows per outcome of the preview (every outcome present, 0 when none)
 * @param conflicts of the stale rows, how many conflict
 * @param total rows in the file
 * @param applied rows apply has dealt with (written, unchanged, or reported); {@code total} when done
 * @param skip what the apply leaves out
 * @param createdAt when it was uploaded
 * @param finishedAt when apply finished (or failed), or null
 * @param failure why it failed, or null
 * @param revertedAt when an admin reverted it, or null
 */
public record ImportJob(
        long id,
        long collectionId,
        String collectionSlug,
        int definitionVersion,
        long uploadedBy,
        String uploaderName,
        ImportState state,
        String matchField,
        List<String> columns,
        char separator,
        Map<RowOutcome, Integer> counts,
        int conflicts,
        int total,
        int applied,
        Set<Skip> skip,
        OffsetDateTime createdAt,
        OffsetDateTime finishedAt,
        String failure,
        OffsetDateTime revertedAt) {

    public ImportJob {
        columns = List.copyOf(columns);
        counts = Map.copyOf(counts);
        skip = Set.copyOf(skip);
    }

    public int count(RowOutcome outcome) {
        return counts.getOrDefault(outcome, 0);
    }
}
