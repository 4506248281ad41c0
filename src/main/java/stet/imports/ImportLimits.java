package stet.imports;

/**
 * How large an uploaded CSV file may be ({@code STET_IMPORT_MAX_BYTES}) and how many rows it
 * may have ({@code STET_IMPORT_MAX_ROWS}); past either the upload is refused with a message.
 */
public record ImportLimits(long maxBytes, int maxRows) {

    public static final ImportLimits DEFAULTS = new ImportLimits(200L * 1024 * 1024, 200_000);

    public ImportLimits {
        if (maxBytes < 1 || maxRows < 1) {
            throw new IllegalArgumentException("import limits must be positive");
        }
    }
}
