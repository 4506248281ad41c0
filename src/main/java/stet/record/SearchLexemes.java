package stet.record;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The words a record must hold to match a search, read from the search's {@code tsquery}
 * as PostgreSQL writes it ({@code 'word' & !'other' | 'a' <-> 'b'}): the words the list
 * can walk in {@code record_word} (V21) instead of testing every record's vector.
 *
 * <p>A word is required by a word; by {@code a & b} and by the phrase {@code a <-> b} when
 * either requires it; by {@code a | b} when both do; never by {@code !a}. A word with a
 * suffix ({@code :*} for a prefix, {@code :AB} for weights) is required by nothing here,
 * as a prefix stands for other words. Text that does not read as a tsquery requires no
 * word: the list then searches without the word index's order, as it would for
 * {@code a | b}.
 *
 * @param required the words every match holds
 * @param single whether the search is exactly one word (its matches are then the records
 *     holding it, and nothing else needs testing)
 * @param conjunction whether the search is words joined by {@code &} alone, one or more (its
 *     matches are then the records holding every required word, and nothing else needs testing)
 * @param anyWord the words of a search that is words as alternatives ({@code a | b | …},
 *     each one word without suffix): its matches are the records holding any of them, and
 *     nothing else needs testing. Empty for any other search.
 * @param named every word the search names without suffix, required or not (an alternative,
 *     an excluded word): the words whose entries the vectors' index reads to answer it
 */
record SearchLexemes(Set<String> required, boolean single, boolean conjunction, List<String> anyWord,
        Set<String> named) {

    /** A search that requires no word. */
    static final SearchLexemes NONE = new SearchLexemes(Set.of(), false, false, List.of(), Set.of());

    SearchLexemes {
        required = Set.copyOf(required);
        anyWord = List.copyOf(anyWord);
        named = Set.copyOf(named);
    }

    /** The required words of {@code tsquery}, PostgreSQL's text of a {@code tsquery}. */
    static SearchLexemes of(String tsquery) {
        Parser parser = new Parser(tsquery);
        List<Node> alternatives = new ArrayList<>();
        Node node = parser.or(alternatives);
        if (node == null || parser.skipSpaces() < tsquery.length()) {
            return NONE;
        }
        boolean words = alternatives.size() > 1 && alternatives.stream().allMatch(Node::plainWord);
        List<String> anyWord = words ? alternatives.stream().map(a -> a.required().iterator().next()).toList() : List.of();
        return new SearchLexemes(node.required(), node.plainWord(), node.conjunction(), anyWord, parser.named);
    }

    /**
     * Part of a tsquery: the words it requires, whether it is one word without suffix, and
     * whether it is such words joined by {@code &} alone.
     */
    private record Node(Set<String> required, boolean plainWord, boolean conjunction) {

        /** A part that is more than words joined by {@code &}. */
        static Node other(Set<String> required) {
            return new Node(required, false, false);
        }
    }

    /** Operators by priority, as PostgreSQL reads them: {@code |}, then {@code &}, then phrases, then {@code !}. */
    private static final class Parser {
        private final String text;
        private int at;
        /** Every word read so far without a suffix. */
        private final Set<String> named = new HashSet<>();

        Parser(String text) {
            this.text = text;
        }

        /** {@code a | b | …}, each alternative added to {@code alternatives}. */
        Node or(List<Node> alternatives) {
            Node left = and();
            if (left != null) {
                alternatives.add(left);
            }
            while (left != null && take("|")) {
                Node right = and();
                if (right == null) {
                    return null;
                }
                alternatives.add(right);
                Set<String> both = new HashSet<>(left.required());
                both.retainAll(right.required());
                left = Node.other(both);
            }
            return left;
        }

        Node and() {
            Node left = phrase();
            while (left != null && take("&")) {
                Node right = phrase();
                left = right == null ? null : new Node(union(left, right), false, left.conjunction() && right.conjunction());
            }
            return left;
        }

        Node phrase() {
            Node left = not();
            while (left != null && takeDistance()) {
                Node right = not();
                left = right == null ? null : Node.other(union(left, right));
            }
            return left;
        }

        Node not() {
            if (take("!")) {
                return not() == null ? null : Node.other(Set.of());
            }
            if (take("(")) {
                Node inner = or(new ArrayList<>());
                return inner != null && take(")") ? Node.other(inner.required()) : null;
            }
            return word();
        }

        /** {@code 'word'}, quotes and backslashes doubled inside, with an optional {@code :suffix}. */
        private Node word() {
            if (skipSpaces() >= text.length() || text.charAt(at) != '\'') {
                return null;
            }
            StringBuilder word = new StringBuilder();
            int i = at + 1;
            while (true) {
                if (i >= text.length()) {
                    return null;
                }
                char c = text.charAt(i);
                if ((c == '\'' || c == '\\') && i + 1 < text.length() && text.charAt(i + 1) == c) {
                    word.append(c);
                    i += 2;
                } else if (c == '\'') {
                    i++;
                    break;
                } else {
                    word.append(c);
                    i++;
                }
            }
            boolean suffix = i < text.length() && text.charAt(i) == ':';
            if (suffix) {
                i++;
                while (i < text.length() && "*ABCDabcd".indexOf(text.charAt(i)) >= 0) {
                    i++;
                }
            }
            at = i;
            if (suffix) {
                return Node.other(Set.of());
            }
            named.add(word.toString());
            return new Node(Set.of(word.toString()), true, true);
        }

        /** {@code <->} or {@code <N>}. */
        private boolean takeDistance() {
            skipSpaces();
            int i = at;
            if (i >= text.length() || text.charAt(i) != '<') {
                return false;
            }
            i++;
            if (i < text.length() && text.charAt(i) == '-') {
                i++;
            } else {
                int digits = i;
                while (i < text.length() && Character.isDigit(text.charAt(i))) {
                    i++;
                }
                if (i == digits) {
                    return false;
                }
            }
            if (i >= text.length() || text.charAt(i) != '>') {
                return false;
            }
            at = i + 1;
            return true;
        }

        private boolean take(String token) {
            if (text.startsWith(token, skipSpaces())) {
                at += token.length();
                return true;
            }
            return false;
        }

        int skipSpaces() {
            while (at < text.length() && text.charAt(at) == ' ') {
                at++;
            }
            return at;
        }

        private static Set<String> union(Node left, Node right) {
            Set<String> either = new HashSet<>(left.required());
            either.addAll(right.required());
            return either;
        }
    }
}
