package stet.merge;

/**
 * One hunk of a two-way edit script: {@code preLength} lines of the preimage starting at
 * {@code preStart} were replaced by {@code postLength} lines of the postimage starting at
 * {@code postStart}. Either length may be zero (a pure insertion or deletion), never both.
 * The fields mirror xdiff's {@code xdchange_t} ({@code i1, chg1, i2, chg2}).
 */
record Edit(int preStart, int preLength, int postStart, int postLength) {

    int preEnd() {
        return preStart + preLength;
    }

    int postEnd() {
        return postStart + postLength;
    }
}
