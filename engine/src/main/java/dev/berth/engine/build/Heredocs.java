package dev.berth.engine.build;

import dev.berth.dockerfile.Heredoc;
import dev.berth.spi.EngineException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * COPY/ADD here-documents as files: each written (0644) under its name in a private directory, so
 * they are copied like context files. {@code <<EOF} expands {@code $NAME} and {@code ${NAME}} in
 * the content; {@code <<"EOF"} keeps it literal; {@code <<-EOF} drops leading tabs.
 */
final class Heredocs {
    private static final Pattern VARIABLE = Pattern.compile("\\$(?:\\{([A-Za-z_][A-Za-z0-9_]*)\\}|([A-Za-z_][A-Za-z0-9_]*))");

    private Heredocs() {
    }

    static Path materialize(Path scratch, List<Heredoc> docs, Map<String, String> env) {
        try {
            Files.createDirectories(scratch);
            Path dir = Files.createTempDirectory(scratch, "inline-");
            for (Heredoc h : docs) {
                if (h.name().contains("/") || h.name().equals("..") || h.name().equals(".")) {
                    throw EngineException.invalid("invalid here-document name: " + h.name());
                }
                Path file = dir.resolve(h.name());
                Files.writeString(file, h.expand() ? expand(h.text(), env) : h.text());
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
            }
            return dir;
        } catch (IOException e) {
            throw EngineException.unavailable("cannot write a here-document: " + e.getMessage(), e);
        }
    }

    static String expand(String text, Map<String, String> env) {
        Matcher m = VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(2);
            m.appendReplacement(out, Matcher.quoteReplacement(env.getOrDefault(name, "")));
        }
        m.appendTail(out);
        return out.toString();
    }

    static String read(Path dir, Heredoc h) {
        try {
            return Files.readString(dir.resolve(h.name()));
        } catch (IOException e) {
            throw EngineException.unavailable("cannot read a here-document: " + e.getMessage(), e);
        }
    }

    static void delete(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // scratch only
        }
    }
}
