package stet.record;

import static stet.db.jooq.Tables.COLLECTION;
import static stet.db.jooq.Tables.RECORD;
import static stet.db.jooq.Tables.RECORD_SEARCH;
import static stet.db.jooq.Tables.RECORD_WORD;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.JSONB;
import org.jooq.Param;
import org.jooq.Record1;
import org.jooq.ResultQuery;
import org.jooq.SelectConditionStep;
import org.jooq.SelectField;
import org.jooq.SelectWhereStep;
import org.jooq.SortField;
import org.jooq.impl.DSL;

/**
 * The record list's queries: a page of a collection's live records, found by a search,
 * narrowed by filters, in any shown column's order, with keyset paging. Each query is
 * rendered once per shape ({@link RenderedQueries}) and built with jOOQ only then: a
 * page of a known shape makes its conditions (which carry its values) and no more.
 */
public final class RecordListStore {

    /**
     * How many records a search walks in the list's order before it asks the word index
     * instead: a word found in more than 1 in {@value} records fills a page within the walk.
     */
    static final int SEARCH_WALK = 2_000;

    /** The longest walk (see {@link #walk}). */
    static final int MAX_WALK = 256 * SEARCH_WALK;

    /**
     * The most records of a word, or of words together, that a walk reads into sets
     * ({@link WalkTest#WORD_SET}, {@link WalkTest#ANY_WORD_SET}, words joined by "and"): about
     * 30 ms of reading, and half a megabyte of ids, at 10^6 records (docs/benchmarks.md).
     */
    static final int MAX_WORD_SET = 64_000;

    /**
     * What one record looked up in a word's records costs, in ids read into the word's set
     * (docs/benchmarks.md: about 7 µs against 0.4 µs, with the index in memory).
     */
    static final int LOOKUP_IN_SET_READS = 16;

    /** The most words of a search of words joined by "and" or by "or" that sets are read for. */
    static final int MAX_SET_WORDS = 4;

    /**
     * How many entries of a search's other words the vectors' index must read, for each record of
     * its rarest word, before the matches are found cheaper through that word's records, each
     * vector tested (docs/benchmarks.md: about 8.5 µs a record so tested, against about 10 ns an
     * entry of another word read in the vectors' index, beside the 4.5 µs a match costs there).
     */
    static final int OTHER_ENTRIES_PER_RARE_RECORD = 400;

    /**
     * How long word statistics are used before they are read again. PostgreSQL changes
     * them only when it analyzes the table (autovacuum, after a tenth of it has changed).
     */
    private static final long STATISTICS_AGE = TimeUnit.MINUTES.toNanos(5);

    /** Beyond this many searches' words (only crafted requests get there), the ones kept are forgotten. */
    static final int MAX_SEARCHES = 10_000;

    private static final String ORDER_ALIAS = "order_";
    private static final String DOCUMENT = "document";

    private final DSLContext dsl;
    /** The list's queries, rendered once per shape. */
    private final RenderedQueries queries;
    /** The search's word statistics as last read, and when (System.nanoTime). */
    private final AtomicReference<Statistics> wordStatistics = new AtomicReference<>();
    /** Whether a request is reading the statistics again (the others use the ones they have meanwhile). */
    private final AtomicBoolean readingStatistics = new AtomicBoolean();
    /**
     * The words each search requires, by its text: PostgreSQL reads a search's words
     * ({@code stet_search_query}, immutable), asked once per node for each text.
     */
    private final Map<String, SearchLexemes> lexemesBySearch = new ConcurrentHashMap<>();

    private record Statistics(WordFrequencies frequencies, long readAt) {}

    public RecordListStore(DSLContext dsl) {
        this.dsl = dsl;
        this.queries = new RenderedQueries(dsl);
    }

    /**
     * A page of a collection's live records as a list shows them: found by the query's
     * search, narrowed by its filters, in its order, after its cursor (keyset paging for
     * every order: no OFFSET). Selects only the id, the version and the values of
     * {@code shownKeys}, never a whole record's data.
     *
     * <p>A search is answered by a walk, then, when the walk does not fill the page, by
     * every match fetched by id and sorted. In id order (the list's own) with a word every
     * match must hold, the walk is that of the rarest such word's records in
     * {@code record_word} (V21): in id order from the cursor, from the index alone, each
     * tested against the search unless it is that word alone, or kept when it is in the sets
     * of the search's other words (words joined by "and", each in few enough records); a page
     * of a rare word is read without a visit to its other matches. In any other order,
     * because neither plan suits every word and PostgreSQL's estimates do not choose well
     * between them, the walk is of a bounded number of records in the list's order
     * ({@link #walk}: fast for a common word, as a page is found early), each one's vector
     * tested, or looked up in the records of the search's rarest word, or found in those
     * records (or in those of each of a search's words as alternatives) read into a set; a
     * search that PostgreSQL's word statistics say is too rare for a walk to pay skips it.
     * The matches fetched after a walk are the records holding the word when the search is
     * one word, those of its rarest word that match when its other words are far more common
     * ({@link #matchSource}), or else those the vectors' index finds.
     */
    public List<ListedRecord> list(long collectionId, RecordQuery query, List<String> shownKeys, int limit) {
        return list(collectionId, query, shownKeys, limit, null);
    }

    /**
     * The same page, read only while the collection's definition is at {@code definitionVersion}
     * (null: whatever it is): no record when it is not, one check in each of the page's
     * statements, not a statement of its own.
     */
    public List<ListedRecord> list(long collectionId, RecordQuery query, List<String> shownKeys, int limit,
            Integer definitionVersion) {
        RenderedQueries.Values values = new RenderedQueries.Values();
        // The collection id is inlined: the list's expression indexes are partial on it.
        Condition where = RECORD.COLLECTION_ID.eq(DSL.inline(collectionId)).and(RECORD.DELETED.isFalse());
        if (definitionVersion != null) {
            // Evaluated once per statement (an init plan): a statement of another version reads no record.
            where = where.and(DSL.field(DSL.select(COLLECTION.VERSION).from(COLLECTION)
                    .where(COLLECTION.ID.eq(DSL.inline(collectionId)))).eq(values.of(definitionVersion)));
        }
        StringBuilder shape = new StringBuilder().append(collectionId).append('|').append(shownKeys)
                .append('|').append(query.sort().param()).append(' ').append(query.sort().kind())
                .append('|').append(limit).append(definitionVersion == null ? "" : "|checked");
        where = where.and(filters(query.filters(), values, shape));
        if (query.after() != null) {
            where = where.and(after(query.sort(), query.after(), values));
            shape.append("|after");
        }
        Condition filtered = where;
        if (query.search() == null) {
            return listed("list|" + shape, () -> selectListed(shownKeys).where(filtered).orderBy(orderBy(query.sort()))
                    .limit(DSL.inline(limit)), values, shownKeys);
        }
        // The words in a sub-select of their own: every plan of the statement then knows as little
        // of them, and PostgreSQL keeps one generic plan instead of planning each run (V20).
        Condition matches = DSL.condition("{0} @@ (select stet_search_query({1}))",
                RECORD_SEARCH.SEARCH, values.of(query.search()));
        SearchLexemes lexemes = lexemes(query.search());
        WordFrequencies frequencies = wordFrequencies();
        Word word = rarest(lexemes, frequencies, values);
        MatchSource source = matchSource(lexemes, frequencies, word);
        shape.append("|search").append(word == null ? "" : lexemes.single() ? " one word" : " word");
        if (word != null && query.sort().kind() == RecordQuery.Kind.ID) {
            Param<Long> afterId = query.after() == null ? null : values.of(query.after().id());
            // Words joined by "and", each in few enough records: the rarest's records in the others' sets.
            List<Word> sets = otherWordSets(lexemes, frequencies, word, values);
            // The walk needs no bound, and a page it leaves short is the last, when each record of the
            // word is a match (one word, no filter: only live records have words, V22), when the word is
            // in few records, or when the others' sets leave only matches.
            boolean whole = word.single() && query.filters().isEmpty() || word.records() <= SEARCH_WALK || sets != null;
            shape.append(whole ? " whole" : "").append(sets == null ? "" : " sets " + sets.size());
            List<ListedRecord> walked = listed("word walk|" + shape,
                    () -> wordWalk(collectionId, filtered, matches, word, sets, afterId, whole, query.sort(), shownKeys, limit),
                    values, shownKeys);
            if (walked.size() == limit || whole) {
                return walked;
            }
            return matching(collectionId, filtered, matches, word, source, query, shape, values, shownKeys, limit);
        }
        // How far the walk goes, and how each record walked is tested, depends on how many
        // records hold the search's rarest word, or its words as alternatives (see walk).
        List<Word> anyOf = word == null ? alternativeWords(lexemes, frequencies, values) : null;
        Walk walk = walk(frequencies, query.search(), word, anyOf, limit);
        if (walk.length() == 0) {
            return matching(collectionId, filtered, matches, word, source, query, shape, values, shownKeys, limit);
        }
        shape.append(" walk ").append(walk.length()).append(' ').append(walk.test())
                .append(walk.test() == WalkTest.ANY_WORD_SET ? " of " + anyOf.size() : "");
        List<ListedRecord> walked = listed("walk|" + shape,
                () -> walk(collectionId, filtered, matches, word, anyOf, walk, query.sort(), shownKeys, limit),
                values, shownKeys);
        if (walked.size() == limit) {
            return walked;
        }
        return matching(collectionId, filtered, matches, word, source, query, shape, values, shownKeys, limit);
    }

    /**
     * The ids of every record {@code query} finds (its cursor aside), in its order, read by one
     * statement and so as of one moment: what an export writes, each record once however the
     * records move in the order while it is written. A search is its plain test, every vector
     * against the words, which PostgreSQL plans as it likes (a whole collection is read).
     */
    public List<Long> ids(long collectionId, RecordQuery query) {
        RenderedQueries.Values values = new RenderedQueries.Values();
        Condition where = RECORD.COLLECTION_ID.eq(DSL.inline(collectionId)).and(RECORD.DELETED.isFalse());
        StringBuilder shape = new StringBuilder("ids|").append(collectionId).append('|').append(query.sort().param())
                .append(' ').append(query.sort().kind());
        where = where.and(filters(query.filters(), values, shape));
        if (query.search() != null) {
            where = where.and(DSL.exists(DSL.selectOne().from(RECORD_SEARCH)
                    .where(RECORD_SEARCH.RECORD_ID.eq(RECORD.ID))
                    .and(DSL.condition("{0} @@ (select stet_search_query({1}))", RECORD_SEARCH.SEARCH,
                            values.of(query.search())))));
            shape.append("|search");
        }
        Condition found = where;
        return queries.fetch(shape.toString(), () -> dsl.select(RECORD.ID).from(RECORD).where(found)
                .orderBy(orderBy(query.sort())), values, r -> r.getLong(1));
    }

    /**
     * The word a search walks in {@code record_word}: the required word PostgreSQL's statistics
     * call rarest (a word they do not list is rarer than those they do; between words equally
     * known, the longest), as the parameter {@code value}; null when the search requires no word.
     *
     * @param single whether the search is that word alone
     * @param records about how many records hold the word, at most (NaN when unknown)
     * @param listed whether the statistics list the word (else {@code records} only bounds it)
     */
    record Word(Param<String> value, boolean single, double records, boolean listed) {}

    private static Word rarest(SearchLexemes lexemes, WordFrequencies frequencies, RenderedQueries.Values values) {
        String rarest = null;
        double rarestShare = Double.MAX_VALUE;
        for (String lexeme : lexemes.required().stream().sorted().toList()) {
            double share = frequencies.wordShare(lexeme);
            share = Double.isNaN(share) ? 0 : share;
            if (rarest == null || share < rarestShare || share == rarestShare && lexeme.length() > rarest.length()) {
                rarest = lexeme;
                rarestShare = share;
            }
        }
        return rarest == null ? null
                : new Word(values.of(rarest), lexemes.single(), frequencies.wordCount(rarest), frequencies.lists(rarest));
    }

    /**
     * The words of a search of words as alternatives ({@code a | b}, at most
     * {@value #MAX_SET_WORDS} of them), each listed by the statistics: its matches are the
     * records holding any of them. Null for any other search.
     */
    private static List<Word> alternativeWords(SearchLexemes lexemes, WordFrequencies frequencies,
            RenderedQueries.Values values) {
        if (lexemes.anyWord().isEmpty() || lexemes.anyWord().size() > MAX_SET_WORDS) {
            return null;
        }
        List<Word> words = new ArrayList<>();
        for (String lexeme : lexemes.anyWord()) {
            if (!frequencies.lists(lexeme)) {
                return null;
            }
            words.add(new Word(values.of(lexeme), false, frequencies.wordCount(lexeme), true));
        }
        return words;
    }

    /**
     * The search's other required words, each to be read into a set for a walk of the
     * {@code rarest} word's records, when the search is words joined by "and" alone (at most
     * {@value #MAX_SET_WORDS} in all), each in at most {@value #MAX_WORD_SET} records as
     * the statistics count them (a word they do not list is rarer than the rarest they do):
     * a record of the rarest word that is in every other word's set is then a match, and no
     * vector needs testing. Null otherwise.
     */
    private static List<Word> otherWordSets(SearchLexemes lexemes, WordFrequencies frequencies, Word rarest,
            RenderedQueries.Values values) {
        if (!lexemes.conjunction() || lexemes.single() || !(rarest.records() <= MAX_WORD_SET)
                || lexemes.required().size() > MAX_SET_WORDS) {
            return null;
        }
        List<Word> others = new ArrayList<>();
        for (String lexeme : lexemes.required().stream().sorted().toList()) {
            double records = frequencies.wordCount(lexeme);
            if (!(records <= MAX_WORD_SET)) {
                return null;
            }
            if (!lexeme.equals(rarest.value().getValue())) {
                others.add(new Word(values.of(lexeme), false, records, frequencies.lists(lexeme)));
            }
        }
        return others;
    }

    /** The words {@code search} requires, as PostgreSQL reads them; asked once per node for each text. */
    SearchLexemes lexemes(String search) {
        SearchLexemes known = lexemesBySearch.get(search);
        if (known != null) {
            return known;
        }
        String tsquery = dsl.resultQuery("select stet_search_query({0})::text", DSL.val(search)).fetchOne(0, String.class);
        SearchLexemes read = tsquery == null ? SearchLexemes.NONE : SearchLexemes.of(tsquery);
        if (lexemesBySearch.size() >= MAX_SEARCHES) {
            lexemesBySearch.clear();
        }
        lexemesBySearch.put(search, read);
        return read;
    }

    /**
     * The word walk, for a search in id order: the records after the cursor that hold the
     * search's rarest required word, from {@code record_word} alone and in id order (the
     * first {@value #SEARCH_WALK} of them unless {@code whole}), then those of them that are
     * listed and match: each tested against the search, unless it is that word alone, or
     * unless {@code sets} (not null) are the search's other words, each read into a set that
     * the record must be in.
     */
    private ResultQuery<?> wordWalk(long collectionId, Condition where, Condition matches, Word word, List<Word> sets,
            Param<Long> afterId, boolean whole, RecordQuery.Sort sort, List<String> shownKeys, int limit) {
        Condition from = afterId == null ? DSL.noCondition()
                : sort.descending() ? RECORD_WORD.RECORD_ID.lt(afterId) : RECORD_WORD.RECORD_ID.gt(afterId);
        Condition inSets = DSL.noCondition();
        for (Word other : sets == null ? List.<Word>of() : sets) {
            inSets = inSets.and(inWordSet(collectionId, other, RECORD_WORD.RECORD_ID));
        }
        var words = recordsHolding(collectionId, word)
                .and(from)
                .and(inSets)
                .orderBy(sort.descending() ? RECORD_WORD.RECORD_ID.desc() : RECORD_WORD.RECORD_ID.asc());
        var walk = (whole ? words : words.limit(DSL.inline(SEARCH_WALK))).asTable("word");
        Field<Long> walked = walk.field(RECORD_WORD.RECORD_ID);
        return dsl.select(listedFields(shownKeys))
                .from(walk)
                .join(RECORD).on(RECORD.ID.eq(walked))
                .where(where)
                .and(word.single() || sets != null ? DSL.noCondition() : matchesRecord(matches, RECORD.ID))
                .orderBy(sort.descending() ? walked.desc() : walked.asc())
                .limit(DSL.inline(limit));
    }

    /** The ids of the collection's records that hold {@code word}, from {@code record_word} alone. */
    private static SelectConditionStep<Record1<Long>> recordsHolding(long collectionId, Word word) {
        return DSL.select(RECORD_WORD.RECORD_ID).from(RECORD_WORD)
                .where(RECORD_WORD.COLLECTION_ID.eq(DSL.inline(collectionId)))
                .and(RECORD_WORD.LEXEME.eq(word.value()));
    }

    /** Whether the record of {@code id} holds {@code word}: its row in {@code record_word}, found by the index. */
    private static Condition holdsWord(long collectionId, Word word, Field<Long> id) {
        return DSL.exists(recordsHolding(collectionId, word).and(RECORD_WORD.RECORD_ID.eq(id)).offset(DSL.inline(0)));
    }

    /**
     * Whether the record of {@code id} holds {@code word}: its id among the word's records,
     * read once per statement into a hash table. The ids go through an array so that
     * PostgreSQL, which cannot tell how many there are, always hashes them; "is true" keeps
     * the test a sub-plan (a semi-join would be planned by the word's estimated records).
     */
    private static Condition inWordSet(long collectionId, Word word, Field<Long> id) {
        return DSL.condition("({0} in (select unnest(array({1})))) is true", id, recordsHolding(collectionId, word));
    }

    /**
     * Whether the record of {@code id} matches the search: its vector, found by its id.
     * OFFSET 0 keeps the test a sub-plan run per record: as a semi-join, a generic plan would
     * read every match from the word index.
     */
    private static Condition matchesRecord(Condition matches, Field<Long> id) {
        return DSL.exists(DSL.selectOne().from(RECORD_SEARCH)
                .where(RECORD_SEARCH.RECORD_ID.eq(id))
                .and(matches)
                .offset(DSL.inline(0)));
    }

    /**
     * The walk: the first {@code walk.length()} records in the list's order, then those of
     * them that match, each tested as {@code walk.test()} says.
     */
    private ResultQuery<?> walk(long collectionId, Condition where, Condition matches, Word word, List<Word> anyOf,
            Walk walk, RecordQuery.Sort sort, List<String> shownKeys, int limit) {
        List<Field<?>> order = ListColumns.order(sort);
        // The walk carries each record's document, not its shown values: only the matches' are read.
        var walked = selectWalked(shownKeys, order).where(where).orderBy(orderBy(sort))
                .limit(DSL.inline(walk.length())).asTable("walk");
        List<SortField<?>> walkOrder = new ArrayList<>();
        for (int i = 0; i < order.size(); i++) {
            Field<?> column = ListColumns.isColumn(order.get(i)) ? walked.field(order.get(i))
                    : walked.field(ORDER_ALIAS + i);
            walkOrder.add(sort.descending() ? column.desc() : column.asc());
        }
        List<SelectField<?>> shown = new ArrayList<>(List.of(walked.field(RECORD.ID), walked.field(RECORD.VERSION)));
        if (!shownKeys.isEmpty()) {
            shown.add(ListColumns.texts(shownKeys, walked.field(DOCUMENT, JSONB.class)).as("shown_values"));
        }
        Field<Long> id = walked.field(RECORD.ID);
        Condition test = switch (walk.test()) {
            case VECTOR -> matchesRecord(matches, id);
            case WORD_ROW -> holdsWord(collectionId, word, id);
            case WORD_SET -> inWordSet(collectionId, word, id)
                    .and(word.single() ? DSL.noCondition() : matchesRecord(matches, id));
            case ANY_WORD_SET -> DSL.or(anyOf.stream().map(w -> inWordSet(collectionId, w, id)).toList());
        };
        return dsl.select(shown)
                .from(walked)
                .where(test)
                .orderBy(walkOrder)
                .limit(DSL.inline(limit));
    }

    /**
     * Where a page of a search's matches, fetched by id and sorted ({@link #matching}), finds them.
     */
    enum MatchSource {
        /** The records of the search's one word, from {@code record_word} alone. */
        WORD_ROWS,
        /**
         * The records of the search's rarest required word, from {@code record_word}, each one's
         * vector tested against the search.
         */
        RARE_WORD_TESTED,
        /** The vectors' index, which intersects and excludes words itself. */
        VECTOR_INDEX
    }

    /**
     * Where {@link #matching} finds a search's matches: the records of its one word; else, when
     * the statistics count its rarest required word {@code word} in at most
     * {@value #MAX_WORD_SET} records and the other words it names (required, alternatives,
     * excluded) in {@value #OTHER_ENTRIES_PER_RARE_RECORD} times as many, those records, each
     * tested (a phrase of a rare word and a word in every record: the vectors' index would read
     * every record's entry of the common word); else the vectors' index (the records of one
     * common word, each tested, would be far more work when few match).
     */
    static MatchSource matchSource(SearchLexemes lexemes, WordFrequencies frequencies, Word word) {
        if (word == null) {
            return MatchSource.VECTOR_INDEX;
        }
        if (word.single()) {
            return MatchSource.WORD_ROWS;
        }
        if (!(word.records() <= MAX_WORD_SET)) {
            return MatchSource.VECTOR_INDEX;
        }
        double others = 0;
        for (String named : lexemes.named()) {
            if (!named.equals(word.value().getValue()) && frequencies.lists(named)) {
                others += frequencies.wordCount(named);
            }
        }
        return others >= OTHER_ENTRIES_PER_RARE_RECORD * Math.max(1, word.records())
                ? MatchSource.RARE_WORD_TESTED : MatchSource.VECTOR_INDEX;
    }

    /**
     * A page of the records the word indexes find for a search, fetched by id and sorted, found
     * as {@code source} says ({@link #matchSource}).
     */
    private List<ListedRecord> matching(long collectionId, Condition where, Condition matches, Word word,
            MatchSource source, RecordQuery query, StringBuilder shape, RenderedQueries.Values values,
            List<String> shownKeys, int limit) {
        return listed("matching " + source + "|" + shape, () -> {
            // "= any(array(…))" keeps the plan: the matches from the word index, then each record by its id.
            var found = switch (source) {
                case WORD_ROWS -> recordsHolding(collectionId, word);
                case RARE_WORD_TESTED -> recordsHolding(collectionId, word)
                        .and(matchesRecord(matches, RECORD_WORD.RECORD_ID));
                case VECTOR_INDEX -> DSL.select(RECORD_SEARCH.RECORD_ID).from(RECORD_SEARCH).where(matches);
            };
            // The page's ids first, and only then their shown values: PostgreSQL would read them
            // for every match before sorting (twice the statement's time for 5,000 matches).
            var page = DSL.select(RECORD.ID).from(RECORD)
                    .where(where.and(DSL.condition("{0} = any({1})", RECORD.ID, DSL.array(found))))
                    .orderBy(orderBy(query.sort()))
                    .limit(DSL.inline(limit))
                    .asTable("page");
            return dsl.select(listedFields(shownKeys)).from(RECORD)
                    .join(page).on(RECORD.ID.eq(page.field(RECORD.ID)))
                    .orderBy(orderBy(query.sort()));
        }, values, shownKeys);
    }

    /** How a record walked is tested against the search. */
    enum WalkTest {
        /** Its vector, found by its id. */
        VECTOR,
        /** Its row in the records of the search's one word, found by the word index. */
        WORD_ROW,
        /**
         * Its id among the records of the search's rarest word, read once into a hash table;
         * then, unless the search is that word alone, its vector.
         */
        WORD_SET,
        /**
         * Its id among the records of any of a search's words as alternatives ({@code a | b}),
         * each read once into a hash table (nothing else: such a record is a match).
         */
        ANY_WORD_SET
    }

    /**
     * How a search is walked: the records walked in the list's order before the word index
     * is asked (0: not walked), and how each is tested.
     */
    record Walk(int length, WalkTest test) {
        static final Walk NONE = new Walk(0, WalkTest.VECTOR);
    }

    /**
     * How a search in another order than the list's own is walked before it asks the word
     * index ({@link Walk#NONE} for no walk). A search matching a share s of the records fills
     * a page of {@code limit} after about limit / s of them (the records a page needs), unless
     * its matches gather elsewhere in that order. {@code word} is the search's rarest required
     * word (null for none); {@code anyOf}, when there is none, the words of a search of words
     * as alternatives (null for any other search).
     * <ul>
     * <li>Unknown statistics: {@value #SEARCH_WALK} records, each looked up in the word's
     *     records when the search is one word, else its vector tested (the index asked after).
     * <li>A word the statistics list in at most {@value #MAX_WORD_SET} records, when a page
     *     needs more records than a sixteenth of them ({@link #LOOKUP_IN_SET_READS}) and at most
     *     four times them: its records are read into a set, and the walk is two pages' worth or
     *     a quarter of the word's records, whichever is more, rounded up to {@value #SEARCH_WALK}
     *     times a power of two (the statements' shapes stay few). Each record walked then costs
     *     a hash look-up and a visit, about a quarter of what fetching one of the word's records
     *     and sorting it costs (docs/benchmarks.md): so the walk that fills the page costs less
     *     than the fetch, and one that falls short, its matches gathered further along the
     *     order, a few times the fetch after it.
     * <li>A search of words as alternatives ({@code a or b}: {@code anyOf}, every one listed),
     *     together in at most {@value #MAX_WORD_SET} records: the same, each record walked
     *     looked for in any of their sets.
     * <li>A search of one word the statistics count, otherwise: walked when a page needs at
     *     most half the word's records, for two pages' worth or a quarter of the word's
     *     records, whichever is more, but no more than its records, rounded as above, each
     *     record walked looked up in the word's records. A common word whose matches are not
     *     among the first records in the order (a word rare in recent records, sorted newest
     *     first) is still found by the walk.
     * <li>Any other search: {@value #SEARCH_WALK} when a page needs no more, else none.
     * </ul>
     */
    static Walk walk(WordFrequencies frequencies, String search, Word word, List<Word> anyOf, int limit) {
        WalkTest usual = word != null && word.single() ? WalkTest.WORD_ROW : WalkTest.VECTOR;
        double share = frequencies.share(search);
        if (Double.isNaN(share)) {
            return new Walk(SEARCH_WALK, usual);
        }
        double needed = limit / share;
        double inSet = inSets(word, anyOf);
        if (inSet <= MAX_WORD_SET && needed * LOOKUP_IN_SET_READS >= inSet) {
            WalkTest test = word != null ? WalkTest.WORD_SET : WalkTest.ANY_WORD_SET;
            return needed <= 4 * inSet ? new Walk(rounded(Math.max(2 * needed, inSet / 4)), test) : Walk.NONE;
        }
        if (word != null && word.single() && !Double.isNaN(word.records()) && needed <= word.records() / 2) {
            return new Walk(rounded(Math.min(Math.max(2 * needed, word.records() / 4), word.records())), usual);
        }
        return needed <= SEARCH_WALK ? new Walk(SEARCH_WALK, usual) : Walk.NONE;
    }

    /**
     * How many records the sets of a walk would hold: the listed {@code word}'s, or all of
     * {@code anyOf}'s together (each listed); NaN when there is no set to read.
     */
    private static double inSets(Word word, List<Word> anyOf) {
        if (word != null) {
            return word.listed() ? word.records() : Double.NaN;
        }
        return anyOf == null ? Double.NaN : anyOf.stream().mapToDouble(Word::records).sum();
    }

    /** {@code records} rounded up to {@value #SEARCH_WALK} times a power of two, at most {@link #MAX_WALK}. */
    private static int rounded(double records) {
        int length = SEARCH_WALK;
        while (length < records && length < MAX_WALK) {
            length *= 2;
        }
        return length;
    }

    /** The word statistics, read again when they are older than {@link #STATISTICS_AGE}. */
    WordFrequencies wordFrequencies() {
        Statistics known = wordStatistics.get();
        boolean old = known == null || System.nanoTime() - known.readAt() > STATISTICS_AGE;
        if (old && readingStatistics.compareAndSet(false, true)) {
            try {
                refreshWordFrequencies();
            } finally {
                readingStatistics.set(false);
            }
        }
        Statistics read = wordStatistics.get();
        // Null while another request reads them for the first time.
        return read == null ? WordFrequencies.UNKNOWN : read.frequencies();
    }

    /** Uses {@code frequencies} as if just read (tests and benchmarks: a plan they choose). */
    void assumeWordFrequencies(WordFrequencies frequencies) {
        wordStatistics.set(new Statistics(frequencies, System.nanoTime()));
    }

    /**
     * Reads the most common words of the search vectors and their shares from
     * {@code pg_stats} (unknown until PostgreSQL has analyzed the table).
     */
    void refreshWordFrequencies() {
        long now = System.nanoTime();
        WordFrequencies read = dsl.resultQuery("""
                        select most_common_elems::text::text[], most_common_elem_freqs,
                               (select reltuples from pg_class where oid = to_regclass('record_search'))
                        from pg_stats
                        where schemaname = any(current_schemas(false)) and tablename = 'record_search'
                          and attname = 'search'""")
                .fetchOptional(r -> WordFrequencies.of(r.get(0, String[].class), r.get(1, Float[].class),
                        r.get(2, Double.class) == null ? -1 : r.get(2, Double.class)))
                .orElse(WordFrequencies.UNKNOWN);
        wordStatistics.set(new Statistics(read, now));
    }

    /** The id, the version, the document its shown values are read from, and {@code order} (aliased). */
    private SelectWhereStep<org.jooq.Record> selectWalked(List<String> shownKeys, List<Field<?>> order) {
        List<SelectField<?>> fields = new ArrayList<>(List.of(RECORD.ID, RECORD.VERSION));
        if (!shownKeys.isEmpty()) {
            fields.add(ListColumns.document().as(DOCUMENT));
        }
        for (int i = 0; i < order.size(); i++) {
            if (!ListColumns.isColumn(order.get(i))) {
                fields.add(order.get(i).as(ORDER_ALIAS + i));
            }
        }
        return dsl.select(fields).from(RECORD);
    }

    /** The id, the version and the shown values. */
    private SelectWhereStep<org.jooq.Record> selectListed(List<String> shownKeys) {
        return dsl.select(listedFields(shownKeys)).from(RECORD);
    }

    private static List<SelectField<?>> listedFields(List<String> shownKeys) {
        List<SelectField<?>> fields = new ArrayList<>(List.of(RECORD.ID, RECORD.VERSION));
        if (!shownKeys.isEmpty()) {
            fields.add(ListColumns.texts(shownKeys).as("shown_values"));
        }
        return fields;
    }

    private static List<SortField<?>> orderBy(RecordQuery.Sort sort) {
        return ListColumns.order(sort).stream()
                .<SortField<?>>map(f -> sort.descending() ? f.desc() : f.asc())
                .toList();
    }

    /** Runs the query of {@code shape}, built by {@code query} only the first time that shape is seen. */
    private List<ListedRecord> listed(String shape, Supplier<ResultQuery<?>> query,
            RenderedQueries.Values binds, List<String> shownKeys) {
        return queries.fetch(shape, query, binds, r -> {
            Map<String, String> values = new HashMap<>();
            String[] shown = shownKeys.isEmpty() ? new String[0] : (String[]) r.getArray(3).getArray();
            for (int i = 0; i < shownKeys.size(); i++) {
                if (shown[i] != null) {
                    values.put(shownKeys.get(i), shown[i]);
                }
            }
            return new ListedRecord(r.getLong(1), r.getInt(2), values);
        });
    }

    /** Every filter of a query, each named in {@code shape}. */
    private static Condition filters(List<RecordQuery.Filter> filters, RenderedQueries.Values values, StringBuilder shape) {
        Condition all = DSL.noCondition();
        for (RecordQuery.Filter filter : filters) {
            all = all.and(filter(filter, values));
            shape.append("|filter ").append(filter.key()).append(' ').append(filter.kind())
                    .append(filter.from() != null).append(filter.to() != null)
                    .append(filter.from() != null && filter.from().equals(filter.to()));
        }
        return all;
    }

    /** A filter: the order's columns of its field, so that the field's index serves it. */
    private static Condition filter(RecordQuery.Filter filter, RenderedQueries.Values values) {
        if (filter.kind() == RecordQuery.Kind.YES_NO) {
            return ListColumns.yesNo(filter.key()).eq(values.<Object>of(filter.from()));
        }
        Field<Object> value = ListColumns.value(filter.key(), filter.kind());
        Condition present = ListColumns.empty(filter.key(), filter.kind()).eq(DSL.inline(0));
        // The value is cut (ListColumns.SORTED_LENGTH), but filtered fields (choices of at most 100
        // characters, booleans, days) never hold a value that long: each is compared whole.
        if (filter.from() != null && filter.from().equals(filter.to())) {
            return present.and(value.eq(values.<Object>of(filter.from())));
        }
        return present.and(filter.from() == null ? DSL.noCondition() : value.ge(values.<Object>of(filter.from())))
                .and(filter.to() == null ? DSL.noCondition() : value.le(values.<Object>of(filter.to())));
    }

    /**
     * The records after a cursor in an order: its columns, as a row, greater than the
     * cursor's (less when descending). A row comparison is what lets an index on the same
     * columns start at the cursor.
     *
     * <p>For an order of several columns, written as "at or after the cursor, but not at
     * it" (the cursor's own row of values, not its record: a record renamed since the page
     * before sorts after the cursor again, and is listed). PostgreSQL estimates a row
     * comparison by its first column alone, here the "empty" flag, which the statistics of the list index ({@link ListIndex})
     * know to be 0 in nearly every record. "Flag greater than 0" looked like no record at
     * all, a plan so cheap that the statement was planned again on every run (0.5 ms of
     * the page at 10^6 records) instead of running the plan PostgreSQL keeps for it;
     * "at or after" looks like the records it is.
     */
    private static Condition after(RecordQuery.Sort sort, RecordQuery.Cursor cursor, RenderedQueries.Values v) {
        List<Field<?>> columns = ListColumns.order(sort);
        List<Field<?>> values = switch (sort.kind()) {
            case ID -> List.of(v.of(cursor.id()));
            case VERSION -> List.of(v.of(Integer.parseInt(cursor.value())), v.of(cursor.id()));
            case TEXT, DATE -> List.of(v.of(cursor.value() == null ? 1 : 0),
                    ListColumns.sorted(v.of(cursor.value() == null ? "" : cursor.value())), v.of(cursor.id()));
            case NUMBER -> List.of(v.of(cursor.value() == null ? 1 : 0),
                    v.of(cursor.value() == null ? BigDecimal.ZERO : new BigDecimal(cursor.value())), v.of(cursor.id()));
            case YES_NO -> List.of(v.of(cursor.value()), v.of(cursor.id()));
        };
        if (columns.size() == 1) {
            return sort.descending() ? DSL.row(columns).lt(DSL.row(values)) : DSL.row(columns).gt(DSL.row(values));
        }
        Condition atOrAfter = sort.descending() ? DSL.row(columns).le(DSL.row(values))
                : DSL.row(columns).ge(DSL.row(values));
        return atOrAfter.and(DSL.row(columns).ne(DSL.row(values)));
    }
}
