package stet.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.unbescape.html.HtmlEscape;

/**
 * Escaping a page's values as {@link Html} writes them, against the reference: unbescape's
 * {@code escapeHtml4Xml}, whose result {@code Html} appended before (and Thymeleaf's
 * {@code th:text} still uses). The texts: 50 table cells (a history page's worth), a 1 KB
 * long text and a 100 KB one, English prose with a markup character now and then. Run with
 * {@code mvn -q -Pbench test-compile exec:exec@bench -Dbench.args="HtmlEscapeBenchmark -f 1 -wi 5 -w 1s -i 8 -r 1s"}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class HtmlEscapeBenchmark {

    @Param({"cells", "1KB", "100KB"})
    public String text;

    private final List<String> values = new ArrayList<>();
    private int characters;

    @Setup
    public void setUp() {
        Random random = new Random(10);
        switch (text) {
            case "cells" -> {
                for (int i = 0; i < 50; i++) {
                    values.add(prose(random, 10 + random.nextInt(30)));
                }
            }
            case "1KB" -> values.add(prose(random, 1_024));
            case "100KB" -> values.add(prose(random, 100 * 1_024));
            default -> throw new IllegalArgumentException(text);
        }
        characters = values.stream().mapToInt(String::length).sum();
    }

    /** Words and spaces, a line break now and then, and one markup character in about 200. */
    private static String prose(Random random, int length) {
        String[] words = {"the", "record", "was", "saved", "by", "Alice", "and", "merged", "with", "Bob's", "change"};
        String[] marks = {"<", ">", "&", "\"", "'"};
        StringBuilder text = new StringBuilder(length + 16);
        while (text.length() < length) {
            text.append(words[random.nextInt(words.length)]);
            int r = random.nextInt(40);
            text.append(r == 0 ? marks[random.nextInt(marks.length)] : r == 1 ? "\n" : " ");
        }
        return text.substring(0, length);
    }

    @Benchmark
    public String html() {
        Html html = new Html(characters + characters / 8);
        for (String value : values) {
            html.text(value);
        }
        return html.toString();
    }

    /** The reference: the value escaped by unbescape into a string of its own, then appended. */
    @Benchmark
    public String unbescape() {
        StringBuilder out = new StringBuilder(characters + characters / 8);
        for (String value : values) {
            out.append(HtmlEscape.escapeHtml4Xml(value));
        }
        return out.toString();
    }
}
