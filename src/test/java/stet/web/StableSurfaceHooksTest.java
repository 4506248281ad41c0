package stet.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Scripts find stet's elements by the hooks docs/stable-surface.md lists: a hook a template
 * carries but the document does not name is one a script cannot know it may rely on.
 */
class StableSurfaceHooksTest {

    /** A hook written out in a template (one built from data, {@code th:attr="data-testid=…"}, is not). */
    private static final Pattern HOOK = Pattern.compile("data-testid=\"([^\"$]+)\"");

    @Test
    void every_hook_a_template_carries_is_named_in_the_stable_surface() throws IOException {
        String document = Files.readString(Path.of("docs/stable-surface.md"), StandardCharsets.UTF_8);
        Set<String> unnamed = new TreeSet<>();
        try (Stream<Path> templates = Files.walk(Path.of("templates"))) {
            for (Path template : templates.filter(p -> p.toString().endsWith(".html")).toList()) {
                Matcher hook = HOOK.matcher(Files.readString(template, StandardCharsets.UTF_8));
                while (hook.find()) {
                    String name = hook.group(1);
                    if (!document.contains("`" + name + "`") && !document.contains("data-testid=\"" + name + "\"")) {
                        unnamed.add(name + " (" + template + ")");
                    }
                }
            }
        }
        assertThat(unnamed).as("hooks in templates/ that docs/stable-surface.md does not name").isEmpty();
    }
}
