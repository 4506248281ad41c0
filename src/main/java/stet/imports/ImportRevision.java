package stet.imports;

/**
 * A revision an import wrote: the record and the version (1: the import created it).
 */
public record ImportRevision(long recordId, int version) {

    public boolean created() {
        return version == 1;
    }
}
