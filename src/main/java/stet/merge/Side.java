package stet.merge;

/**
 * The three versions a merge reads: the base the user started from, yours (what the user
 * submits) and theirs (what is saved now). An enum rather than JGit's 0/1/2 so that a
 * swapped index cannot compile.
 */
public enum Side {
    BASE,
    YOURS,
    THEIRS
}
