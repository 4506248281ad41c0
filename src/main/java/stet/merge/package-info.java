/**
 * The pure three-way merge engine: records merged field by field ({@link stet.merge.RecordMerge}),
 * longtext merged line by line as {@code git merge-file} does ({@link stet.merge.LineMerge}), with
 * the result made of hunks ({@link stet.merge.MergeHunk}) and rendered separately
 * ({@link stet.merge.MergeFormatter}). Depends only on the JDK and java-diff-utils.
 *
 * <p>The split follows JGit's MergeAlgorithm / MergeResult / MergeChunk / MergeFormatter; the
 * algorithm is git's own (xdiff's Myers diff and xmerge.c's diff3), ported so that verdicts and
 * clean results agree with {@code git merge-file} byte for byte. Package-private pieces:
 * {@code XdiffMyers} (the two-way diff), {@code Diff3} (the merge of two edit scripts),
 * {@code WordMerge} (word-level suggestions inside conflicts, on java-diff-utils).
 */
package stet.merge;
