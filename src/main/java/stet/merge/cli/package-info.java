/** The {@code merge-file} command line entry, shaped like {@code git merge-file}. */
package stet.merge.cli;
