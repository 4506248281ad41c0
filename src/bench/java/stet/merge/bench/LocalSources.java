package stet.merge.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The real texts on this machine that the corpus is cut from, read at run time and never copied
 * into the repository: Debian changelogs and NEWS files, the common licenses and README files,
 * the JDK's sources, and the Java files of stet's own history. Every reader returns texts in a
 * fixed order (sorted paths, one copy of each distinct text), and an empty list when its files
 * are missing; {@link #found()} says what was read and what was not.
 */
final class LocalSources {

    /** A named text. */
    record Text(String name, String text) {
    }

    /** One file at two versions: a real edit. */
    record Pair(String name, String older, String newer) {
    }

    static final Path DOC = Path.of("/usr/share/doc");
    static final Path LICENSES = Path.of("/usr/share/common-licenses");
    static final Path JDK17_SRC = Path.of("/usr/lib/jvm/java-17-openjdk-amd64/lib/src.zip");
    static final Path JDK25_SRC = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64/lib/src.zip");
    /** stet's history up to the commit that added conflict regions: fixed, so runs agree. */
    static final String HISTORY_END = "b9062be";

    private static final int MAX_CHARS = 200_000;

    private final Map<String, String> found = new LinkedHashMap<>();

    /** What each source gave, or why it gave nothing, in the order read. */
    Map<String, String> found() {
        return Collections.unmodifiableMap(found);
    }

    /** Debian changelogs and NEWS files, gunzipped, one copy of each. */
    List<Text> changelogs() {
        List<Path> files = new ArrayList<>();
        for (Path dir : list(DOC)) {
            for (Path f : list(dir)) {
                String n = f.getFileName().toString();
                if (n.equals("changelog.Debian.gz") || (n.startsWith("NEWS") && n.endsWith(".gz"))) {
                    files.add(f);
                }
            }
        }
        List<Text> out = readDistinct(files);
        found.put("changelogs", files.isEmpty() ? "missing: no " + DOC + "/*/changelog.Debian.gz or NEWS*.gz"
                : files.size() + " files under " + DOC + ", " + out.size() + " distinct texts");
        return out;
    }

    /** The common licenses and plain-text README files, one copy of each. */
    List<Text> prose() {
        List<Path> licenses = list(LICENSES);
        List<Path> readmes = new ArrayList<>();
        for (Path dir : list(DOC)) {
            for (Path f : list(dir)) {
                String n = f.getFileName().toString();
                if (n.startsWith("README") && (n.equals("README") || n.endsWith(".md") || n.endsWith(".txt")
                        || n.equals("README.gz") || n.endsWith(".md.gz") || n.equals("README.Debian"))) {
                    readmes.add(f);
                }
            }
        }
        List<Path> files = new ArrayList<>(licenses);
        files.addAll(readmes);
        List<Text> out = readDistinct(files);
        found.put("prose", files.isEmpty() ? "missing: no " + LICENSES + "/* or README files"
                : licenses.size() + " licenses in " + LICENSES + ", " + readmes.size() + " README files under "
                + DOC + ", " + out.size() + " distinct texts");
        return out;
    }

    /** The {@code .java} files of the JDK 25 sources, in entry-name order. */
    List<Text> jdkSources() {
        List<Text> out = new ArrayList<>();
        if (!Files.isRegularFile(JDK25_SRC)) {
            found.put("jdk sources", "missing: " + JDK25_SRC);
            return out;
        }
        try (ZipFile zip = new ZipFile(JDK25_SRC.toFile())) {
            TreeMap<String, ZipEntry> entries = new TreeMap<>();
            zip.stream().filter(e -> e.getName().endsWith(".java") && e.getSize() < MAX_CHARS)
                    .forEach(e -> entries.put(e.getName(), e));
            for (ZipEntry e : entries.values()) {
                try (InputStream in = zip.getInputStream(e)) {
                    String text = decode(in.readAllBytes());
                    if (text != null) {
                        out.add(new Text(e.getName(), text));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        found.put("jdk sources", out.size() + " .java files in " + JDK25_SRC);
        return out;
    }

    /** The same file in the JDK 17 and the JDK 25 sources, where they differ. */
    List<Pair> jdkVersions() {
        List<Pair> out = new ArrayList<>();
        if (!Files.isRegularFile(JDK17_SRC) || !Files.isRegularFile(JDK25_SRC)) {
            found.put("jdk 17 -> 25", "missing: " + (Files.isRegularFile(JDK17_SRC) ? JDK25_SRC
                    : JDK17_SRC + (Files.isSymbolicLink(JDK17_SRC) ? " (a dangling link)" : "")));
            return out;
        }
        try (ZipFile older = new ZipFile(JDK17_SRC.toFile()); ZipFile newer = new ZipFile(JDK25_SRC.toFile())) {
            TreeMap<String, ZipEntry> entries = new TreeMap<>();
            older.stream().filter(e -> e.getName().endsWith(".java") && e.getSize() < MAX_CHARS)
                    .forEach(e -> entries.put(e.getName(), e));
            for (ZipEntry e : entries.values()) {
                ZipEntry n = newer.getEntry(e.getName());
                if (n == null || n.getSize() >= MAX_CHARS) {
                    continue;
                }
                String a;
                String b;
                try (InputStream in = older.getInputStream(e); InputStream in2 = newer.getInputStream(n)) {
                    a = decode(in.readAllBytes());
                    b = decode(in2.readAllBytes());
                }
                if (a != null && b != null && !a.equals(b)) {
                    out.add(new Pair(e.getName(), a, b));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        found.put("jdk 17 -> 25", out.size() + " files changed between " + JDK17_SRC + " and " + JDK25_SRC);
        return out;
    }

    /**
     * Every modification of a {@code .java} file in stet's history up to {@link #HISTORY_END}
     * (older and newer blob), read with git from the working directory's repository.
     */
    List<Pair> stetHistory() {
        List<Pair> out = new ArrayList<>();
        String log = git("log", "--raw", "--no-abbrev", "--no-renames", "--diff-filter=M", "--format=",
                HISTORY_END, "--", "*.java");
        if (log == null) {
            found.put("stet history", "missing: no git repository with commit " + HISTORY_END + " here");
            return out;
        }
        List<String[]> changes = new ArrayList<>();
        StringBuilder blobs = new StringBuilder();
        for (String line : log.split("\n")) {
            // ":100644 100644 <old> <new> M\t<path>"
            String[] f = line.split("[ \t]");
            if (f.length == 6 && line.startsWith(":")) {
                changes.add(new String[] {f[2], f[3], f[5]});
                blobs.append(f[2]).append('\n').append(f[3]).append('\n');
            }
        }
        Map<String, String> contents = catBlobs(blobs.toString());
        if (contents == null) {
            found.put("stet history", "missing: git cat-file failed");
            return out;
        }
        Set<String> seen = new HashSet<>();
        for (String[] c : changes) {
            if (seen.add(c[0] + c[1])) {
                out.add(new Pair(c[2] + "@" + c[1].substring(0, 7), contents.get(c[0]), contents.get(c[1])));
            }
        }
        found.put("stet history", out.size() + " distinct modifications of .java files in git log " + HISTORY_END);
        return out;
    }

    private static Map<String, String> catBlobs(String shas) {
        try {
            Process p = new ProcessBuilder("git", "cat-file", "--batch").redirectErrorStream(false).start();
            Thread writer = new Thread(() -> {
                try (OutputStream os = p.getOutputStream()) {
                    os.write(shas.getBytes(StandardCharsets.US_ASCII));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            writer.start();
            Map<String, String> out = new LinkedHashMap<>();
            try (InputStream in = p.getInputStream()) {
                byte[] all = in.readAllBytes();
                int at = 0;
                while (at < all.length) {
                    int nl = indexOf(all, (byte) '\n', at);
                    String[] header = new String(all, at, nl - at, StandardCharsets.US_ASCII).split(" ");
                    int size = Integer.parseInt(header[2]);
                    out.put(header[0], new String(all, nl + 1, size, StandardCharsets.UTF_8));
                    at = nl + 1 + size + 1;
                }
            }
            writer.join();
            return p.waitFor() == 0 ? out : null;
        } catch (IOException | RuntimeException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static int indexOf(byte[] bytes, byte b, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return bytes.length;
    }

    /** A git command's standard output, or null if git is missing or the command fails. */
    private static String git(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add("git");
        Collections.addAll(cmd, args);
        try {
            Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return null;
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static List<Text> readDistinct(List<Path> files) {
        Set<String> seen = new HashSet<>();
        List<Text> out = new ArrayList<>();
        for (Path f : files) {
            String text = read(f, f.toString().endsWith(".gz"));
            if (text != null && !text.isBlank() && text.length() < MAX_CHARS && seen.add(text)) {
                out.add(new Text(DOC.relativize(f).toString().startsWith("..") ? f.toString()
                        : DOC.relativize(f).toString(), text));
            }
        }
        return out;
    }

    private static String read(Path f, boolean gunzip) {
        try (InputStream raw = Files.newInputStream(f); InputStream in = gunzip ? new GZIPInputStream(raw) : raw) {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            byte[] chunk = new byte[8192];
            for (int n; (n = in.read(chunk)) > 0; ) {
                buf.write(chunk, 0, n);
                if (buf.size() > MAX_CHARS * 4) {
                    return null;
                }
            }
            return decode(buf.toByteArray());
        } catch (IOException e) {
            return null;
        }
    }

    /** The bytes as UTF-8 text with "\n" line ends, or null when they are not text. */
    private static String decode(byte[] bytes) {
        try {
            String s = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(bytes)).toString();
            return s.indexOf('\0') >= 0 ? null : s.replace("\r\n", "\n");
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** The entries of a directory in name order, following links; empty when it is missing. */
    private static List<Path> list(Path dir) {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            s.forEach(out::add);
        } catch (IOException e) {
            return out;
        }
        out.sort(null);
        return out;
    }
}
