package stet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import stet.auth.Role;
import stet.auth.TokenScope;
import stet.diff.TextDiff;
import stet.imports.ImportState;
import stet.imports.RowOutcome;
import stet.imports.RowResult;
import stet.record.ResultPart;
import stet.record.Revision;
import stet.schema.CollectionForm;

/**
 * The names stet stores, parses and shows are the same whatever the JVM's default locale: on a
 * machine set to Turkish, {@code "EDITOR".toLowerCase()} is "edıtor" (dotless i) and
 * {@code "import".toUpperCase()} is "İMPORT", so a role, a revision's kind or an import's state
 * read with the default locale would no longer match what the database holds.
 */
class DefaultLocaleTest {

    private Locale before;

    @BeforeEach
    void turkish() {
        before = Locale.getDefault();
        Locale.setDefault(Locale.forLanguageTag("tr-TR"));
    }

    @AfterEach
    void restore() {
        Locale.setDefault(before);
    }

    @Test
    void rolesAreStoredAndReadByTheirAsciiNames() {
        for (Role role : List.of(Role.EDITOR, Role.ADMIN)) {
            assertEquals(ascii(role.name()), role.dbName());
            assertEquals(role, Role.fromDb(role.dbName()));
        }
    }

    @Test
    void tokenScopesAreStoredAndReadByTheirAsciiNames() {
        for (TokenScope scope : TokenScope.values()) {
            assertEquals(ascii(scope.name()), scope.dbName());
            assertEquals(Optional.of(scope), TokenScope.parse(scope.dbName()));
        }
    }

    @Test
    void revisionKindsAreStoredAndReadByTheirAsciiNames() {
        roundTrips(Revision.Kind.values(), Revision.Kind::dbName, Revision.Kind::fromDb);
    }

    @Test
    void importStatesAndRowOutcomesAreStoredAndReadByTheirAsciiNames() {
        roundTrips(ImportState.values(), ImportState::dbName, ImportState::fromDb);
        roundTrips(RowOutcome.values(), RowOutcome::dbName, RowOutcome::fromDb);
        roundTrips(RowResult.values(), RowResult::dbName, RowResult::fromDb);
    }

    @Test
    void mergePiecesAndDiffSegmentsAreNamedByAsciiClasses() {
        for (ResultPart.Kind kind : ResultPart.Kind.values()) {
            assertEquals(ascii(kind.name()), kind.css());
        }
        for (TextDiff.Kind kind : TextDiff.Kind.values()) {
            assertEquals(ascii(kind.name()), kind.css());
        }
    }

    @Test
    void aSlugTypedInCapitalsIsLowerCasedLetterForLetter() {
        CollectionForm form = CollectionForm.parse(Map.of("name", List.of("Items"), "slug", List.of("ITEMS")));

        assertEquals("items", form.slug());
    }

    private static <E extends Enum<E>> void roundTrips(E[] values, Function<E, String> name, Function<String, E> read) {
        for (E value : values) {
            assertEquals(ascii(value.name()), name.apply(value));
            assertEquals(value, read.apply(name.apply(value)));
        }
    }

    /** An enum constant's name lower-cased letter for letter (they are all A-Z and _). */
    private static String ascii(String name) {
        assertTrue(name.chars().allMatch(c -> c >= 'A' && c <= 'Z' || c == '_'), name);
        StringBuilder lower = new StringBuilder();
        name.chars().forEach(c -> lower.append(c == '_' ? '_' : (char) (c - 'A' + 'a')));
        return lower.toString();
    }
}
