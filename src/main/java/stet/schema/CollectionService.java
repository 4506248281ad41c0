package stet.schema;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import stet.auth.User;
import stet.auth.VersionTokens;
import stet.db.Database;
import stet.error.BadRequestException;
import stet.error.NotFoundException;

/**
 * Creating and changing collection definitions. A definition change is version-checked
 * like a record save: it applies only to the version the admin started from.
 *
 * <p>Each node keeps the definitions it has read, by id, and hands one out again only
 * for the version the database holds now, as read in the same request (with the record,
 * or by a query of the version alone), or to a statement that reads nothing unless the
 * database holds that version (the list's, {@link #remembered}): another node's change of
 * a definition shows on this node's next page. A write never trusts the cache: it locks
 * the definition and compares its version when it writes (see {@code record.RecordWriter}).
 */
public final class CollectionService {

    /**
     * What a save of a definition came to. Callers answer it through {@link #accept}, one
     * visitor method per case, so a new case does not compile until every caller handles it.
     */
    public sealed interface Outcome {

        /** Runs the visitor's method for this case and returns what it returns. */
        <R> R accept(Visitor<R> visitor);

        /** One method per case of an {@link Outcome}. */
        interface Visitor<R> {
            R saved(Saved saved);

            R invalid(Invalid invalid);

            R stale(Stale stale);
        }

        /**
         * Saved; {@code collection} is the new state. Not {@code changed}: the form held the
         * definition as it was, so nothing was written and the version stays.
         */
        record Saved(Collection collection, boolean changed) implements Outcome {
            @Override
            public <R> R accept(Visitor<R> visitor) {
                return visitor.saved(this);
            }
        }

        /** Not saved: the form (as typed) and a message per problem. */
        record Invalid(CollectionForm form, Map<String, String> errors) implements Outcome {
            @Override
            public <R> R accept(Visitor<R> visitor) {
                return visitor.invalid(this);
            }
        }

        /** Not saved: someone saved another version first. The form is kept as typed. */
        record Stale(Collection current, CollectionForm form) implements Outcome {
            @Override
            public <R> R accept(Visitor<R> visitor) {
                return visitor.stale(this);
            }
        }
    }

    static final String TOKEN_KIND = "collection";

    private final Database db;
    private final CollectionStore store;
    private final VersionTokens tokens;
    private final Consumer<Collection> saved;
    /** The newest definition this node has read, by collection id; checked by version before each use. */
    private final ConcurrentHashMap<Long, Collection> definitions = new ConcurrentHashMap<>();

    /** @param saved told of each definition after it is saved (committed), e.g. to index its fields */
    public CollectionService(Database db, CollectionStore store, VersionTokens tokens, Consumer<Collection> saved) {
        this.db = db;
        this.store = store;
        this.tokens = tokens;
        this.saved = saved;
    }

    public List<Collection> all() {
        return store.all();
    }

    /** The collection named by {@code slug} as it is now; 404 when there is none. */
    public Collection get(String slug) {
        CollectionStore.Version current = store.version(slug)
                .orElseThrow(() -> new NotFoundException("There is no collection '" + slug + "'."));
        return find(current.id(), current.version());
    }

    /**
     * The definition this node last read of the collection named {@code slug}, unchecked: for a
     * statement that reads only while the database holds that version (the list's, see
     * {@code record.RecordService#listIfCurrent}), or after {@link #isCurrent}. Empty when this
     * node has read none.
     */
    public Optional<Collection> remembered(String slug) {
        for (Collection collection : definitions.values()) {
            if (collection.slug().equals(slug)) {
                return Optional.of(collection);
            }
        }
        return Optional.empty();
    }

    /** Whether the database holds {@code collection}'s version under its slug now. */
    public boolean isCurrent(Collection collection) {
        return store.version(collection.slug())
                .filter(v -> v.id() == collection.id() && v.version() == collection.version())
                .isPresent();
    }

    /** The collection as it is now, read from the database. */
    public Optional<Collection> find(long id) {
        return store.find(id).map(this::remember);
    }

    /**
     * The definition of collection {@code id}, which the database holds at {@code version}
     * (read in the same request, say with a record): this node's copy when it is that
     * version, else read again. A version of 0 (unknown) always reads.
     */
    public Collection find(long id, int version) {
        Collection cached = definitions.get(id);
        if (cached != null && version != 0 && cached.version() == version) {
            return cached;
        }
        return find(id).orElseThrow(() -> new NotFoundException("There is no collection " + id + "."));
    }

    /** Keeps the newer of what is cached and {@code read}: a slow reader must not put an older one back. */
    private Collection remember(Collection read) {
        definitions.merge(read.id(), read, (cached, fresh) -> fresh.version() >= cached.version() ? fresh : cached);
        return read;
    }

    /** The token an editor form starting from {@code version} carries. */
    public String versionToken(long collectionId, int version, User user) {
        return tokens.issue(TOKEN_KIND, collectionId, version, user.id());
    }

    public Outcome create(CollectionForm form, User author) {
        CollectionForm.Checked checked = form.check(List.of());
        Map<String, String> errors = new java.util.LinkedHashMap<>(checked.errors());
        String slugProblem = form.slugProblem();
        if (slugProblem != null) {
            errors.put("slug", slugProblem);
        } else if (store.slugTaken(form.slug())) {
            errors.put("slug", "Another collection already uses '" + form.slug() + "'.");
        }
        if (!errors.isEmpty()) {
            return new Outcome.Invalid(form, errors);
        }
        try {
            return new Outcome.Saved(create(form.slug(), form.name(), checked.fields(), form.confirmMerges(),
                    checked.leasing(), author), true);
        } catch (SlugTakenException e) {
            return new Outcome.Invalid(form, Map.of("slug", "Another collection already uses '" + form.slug() + "'."));
        }
    }

    /** Creates a collection from a definition already checked. */
    public Collection create(String slug, String name, List<FieldDef> fields, boolean confirmMerges, User author) {
        return create(slug, name, fields, confirmMerges, Leasing.DEFAULT, author);
    }

    /** Creates a collection from a definition already checked, leased as {@code leasing} says. */
    public Collection create(String slug, String name, List<FieldDef> fields, boolean confirmMerges, Leasing leasing,
            User author) {
        long id = db.transaction(tx -> store.insert(tx, slug, name, fields, confirmMerges, leasing, author.id()));
        Collection created = store.find(id).orElseThrow();
        saved.accept(created);
        return created;
    }

    public Outcome update(String slug, int baseVersion, String token, CollectionForm form, User author) {
        Collection current = get(slug);
        if (!tokens.isValid(TOKEN_KIND, current.id(), baseVersion, author.id(), token)) {
            throw new BadRequestException("The form's version token is missing or does not match; nothing was saved.");
        }
        if (current.version() != baseVersion) {
            return new Outcome.Stale(current, form);
        }
        CollectionForm.Checked checked = form.check(current.fields());
        if (!checked.ok()) {
            return new Outcome.Invalid(form, checked.errors());
        }
        List<FieldDef> fields = checked.fields();
        if (form.name().equals(current.name()) && fields.equals(current.fields())
                && form.confirmMerges() == current.confirmMerges() && checked.leasing().equals(current.leasing())) {
            return new Outcome.Saved(current, false);
        }
        for (FieldDef field : fields) {
            if (field.unique() && !wasUnique(current, field.key())) {
                Optional<String> duplicate = store.firstDuplicate(current.id(), field.key());
                if (duplicate.isPresent()) {
                    return new Outcome.Invalid(form, Map.of(uniqueErrorKey(form, field.key()),
                            "Records already share the value '" + duplicate.get() + "'; make them unique first."));
                }
            }
        }
        try {
            boolean saved = db.transaction(tx -> {
                if (!store.update(tx, current.id(), baseVersion, form.name(), fields, form.confirmMerges(),
                        checked.leasing(), author.id())) {
                    return false;
                }
                for (FieldDef before : current.fields()) {
                    boolean stillUnique = fields.stream().anyMatch(f -> f.key().equals(before.key()) && f.unique());
                    if (before.unique() && !stillUnique) {
                        store.dropUniqueValues(tx, current.id(), before.key());
                    }
                }
                for (FieldDef field : fields) {
                    if (field.unique() && !wasUnique(current, field.key())) {
                        store.indexUniqueValues(tx, current.id(), field.key());
                    }
                }
                return true;
            });
            if (!saved) {
                return new Outcome.Stale(get(slug), form);
            }
        } catch (SharedValuesException e) {
            // A record with a duplicate value was saved between the check and the update.
            return new Outcome.Invalid(form, Map.of("fields", "Records share values of a field you made unique; make them unique first."));
        }
        Collection updated = get(slug);
        saved.accept(updated);
        return new Outcome.Saved(updated, true);
    }

    private static boolean wasUnique(Collection collection, String key) {
        return collection.field(key).map(FieldDef::unique).orElse(false);
    }

    private static String uniqueErrorKey(CollectionForm form, String key) {
        return form.rows().stream()
                .filter(r -> r.key().equals(key))
                .findFirst()
                .map(r -> r.name("unique"))
                .orElse("fields");
    }
}
