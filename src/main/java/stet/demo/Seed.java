package stet.demo;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import stet.Config;
import stet.auth.Role;
import stet.auth.User;
import stet.auth.UserService;
import stet.record.RecordService;
import stet.schema.Collection;
import stet.schema.CollectionService;
import stet.schema.FieldDef;
import stet.schema.FieldType;

/**
 * What a fresh stet needs to be usable: the first admin and, in demo mode, the users
 * alice and bob and an Inventory collection with a field of every type, so that two
 * people can try every kind of concurrent edit at once. Running it again changes
 * nothing but the passwords the environment asks for.
 */
public final class Seed {

    /** What was set up, as lines for the console. */
    public record Report(List<String> lines) {
        public List<String> describe() {
            return lines;
        }
    }

    public static final String DEMO_SLUG = "inventory";

    private final UserService users;
    private final CollectionService collections;
    private final RecordService records;

    public Seed(UserService users, CollectionService collections, RecordService records) {
        this.users = users;
        this.collections = collections;
        this.records = records;
    }

    public Report run(Config config) {
        List<String> lines = new ArrayList<>();
        lines.add("Log in at /login as:");
        if (config.adminPassword().isPresent()) {
            users.ensure("admin", "Admin", Role.ADMIN, config.adminPassword().get(), true);
            lines.add("admin / (the password in STET_ADMIN_PASSWORD)   role: admin");
        } else {
            String generated = generatePassword();
            if (users.ensure("admin", "Admin", Role.ADMIN, generated, false)) {
                lines.add("admin / " + generated + "   role: admin  (generated now and shown only once;"
                        + " set STET_ADMIN_PASSWORD to choose it)");
            } else {
                lines.add("admin / (printed at first start; set STET_ADMIN_PASSWORD to reset it)   role: admin");
            }
        }
        if (config.demo()) {
            users.ensure("alice", "Alice", Role.EDITOR, config.demoPassword(), true);
            users.ensure("bob", "Bob", Role.EDITOR, config.demoPassword(), true);
            lines.add("alice / " + config.demoPassword() + "   role: editor");
            lines.add("bob / " + config.demoPassword() + "   role: editor");
            seedInventory();
            lines.add("Demo collection: /collections/" + DEMO_SLUG);
        }
        return new Report(List.copyOf(lines));
    }

    private void seedInventory() {
        if (collections.all().stream().anyMatch(c -> c.slug().equals(DEMO_SLUG))) {
            return;
        }
        User admin = users.all().stream().filter(u -> u.username().equals("admin")).findFirst().orElseThrow();
        Collection inventory = collections.create(DEMO_SLUG, "Inventory", List.of(
                new FieldDef("name", "Name", FieldType.TEXT, true, false, null, "200", false, List.of()),
                new FieldDef("sku", "SKU", FieldType.TEXT, true, true, null, "40", false, List.of()),
                new FieldDef("description", "Description", FieldType.LONGTEXT, false, false, null, null, false, List.of()),
                new FieldDef("quantity", "Quantity in stock", FieldType.INTEGER, true, false, "0", null, true, List.of()),
                new FieldDef("price", "Price", FieldType.NUMBER, false, false, "0", null, false, List.of()),
                new FieldDef("active", "Listed for sale", FieldType.BOOLEAN, false, false, null, null, false, List.of()),
                new FieldDef("category", "Category", FieldType.CHOICE, false, false, null, null, false,
                        List.of("Kitchen", "Office", "Audio", "Outdoor")),
                new FieldDef("restock_on", "Restock on", FieldType.DATE, false, false, null, null, false, List.of())),
                false, admin);
        add(inventory, admin, Map.of(
                "name", "Espresso machine", "sku", "KIT-001", "quantity", "10", "price", "249.90", "active", "true",
                "category", "Kitchen", "restock_on", "2027-01-15",
                "description", "Dual boiler, 2.5 l water tank.\nSteam wand with 360° swivel.\nShips with two portafilters.\nDescale every 3 months."));
        add(inventory, admin, Map.of(
                "name", "Standing desk", "sku", "OFF-014", "quantity", "4", "price", "599", "active", "true",
                "category", "Office",
                "description", "Electric height adjustment, 65-130 cm.\nOak veneer top, 160 x 80 cm.\nMemory presets for four heights."));
        add(inventory, admin, Map.of(
                "name", "Noise-cancelling headphones", "sku", "AUD-203", "quantity", "25", "price", "179.5",
                "active", "false", "category", "Audio",
                "description", "Over-ear, 30 hours of battery.\nUSB-C charging.\nFolding case included."));
    }

    private void add(Collection collection, User author, Map<String, String> values) {
        records.create(collection,
                values.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> List.of(e.getValue()))),
                null, "Demo data", author);
    }

    private static String generatePassword() {
        String alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        SecureRandom random = new SecureRandom();
        StringBuilder password = new StringBuilder();
        for (int i = 0; i < 16; i++) {
            password.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return password.toString();
    }
}
