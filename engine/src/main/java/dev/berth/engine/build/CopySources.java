package dev.berth.engine.build;

import dev.berth.spi.EngineException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Where COPY/ADD sources are and where each lands: sources are paths or Go-style globs inside
 * the context (never outside it), a directory source copies its contents, and the destination is
 * a directory when it ends with '/', when there are several sources, or when it already is one.
 */
final class CopySources {

    /** One source file or directory and the path it gets in the image. */
    record Item(Path source, String target) {
    }

    private CopySources() {
    }

    /**
     * @param keyword   COPY or ADD, for messages
     * @param dest      the destination, already made absolute against WORKDIR
     * @param destIsDir whether the destination is a directory in the image already
     */
    static List<Item> resolve(String keyword, Path root, List<String> sources, String dest, boolean destIsDir) {
        List<Path> found = new ArrayList<>();
        for (String src : sources) {
            String clean = clean(src);
            if (isGlob(clean)) {
                found.addAll(glob(root, clean));
            } else {
                Path p = root.resolve(clean).normalize();
                if (!p.startsWith(root)) {
                    throw EngineException.invalid("forbidden path outside the build context: " + src + " ()");
                }
                if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                    throw EngineException.invalid(keyword + " failed: file not found in build context or excluded by "
                            + ".dockerignore: stat " + clean + ": file does not exist");
                }
                found.add(p);
            }
        }
        if (found.isEmpty()) {
            throw EngineException.invalid(keyword + " failed: no source files were specified");
        }
        boolean toDir = dest.endsWith("/") || dest.endsWith("/.") || destIsDir;
        if (found.size() > 1 && !toDir) {
            throw EngineException.invalid("When using " + keyword
                    + " with more than one source file, the destination must be a directory and end with a /");
        }
        String base = trimSlash(dest);
        List<Item> out = new ArrayList<>();
        for (Path p : found) {
            if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                out.add(new Item(p, base));
            } else if (toDir) {
                out.add(new Item(p, (base.equals("/") ? "" : base) + "/" + p.getFileName()));
            } else {
                out.add(new Item(p, base));
            }
        }
        return out;
    }

    static String trimSlash(String dest) {
        String d = dest;
        if (d.endsWith("/.")) {
            d = d.substring(0, d.length() - 1);
        }
        while (d.length() > 1 && d.endsWith("/")) {
            d = d.substring(0, d.length() - 1);
        }
        return d;
    }

    /** The destination made absolute against {@code workdir}, keeping a trailing slash. */
    static String absolute(String dest, String workdir) {
        if (dest.startsWith("/")) {
            return dest;
        }
        String wd = workdir == null || workdir.isEmpty() ? "/" : workdir;
        String joined = (wd.endsWith("/") ? wd : wd + "/") + (dest.equals(".") ? "" : dest);
        return dest.endsWith("/") || dest.equals(".") ? (joined.endsWith("/") ? joined : joined + "/") : joined;
    }

    private static String clean(String src) {
        String s = src;
        while (s.startsWith("/")) {
            s = s.substring(1);
        }
        Path p = Path.of(s.isEmpty() ? "." : s).normalize();
        String out = p.toString();
        return out.isEmpty() ? "." : out;
    }

    static boolean isGlob(String s) {
        return s.indexOf('*') >= 0 || s.indexOf('?') >= 0 || s.indexOf('[') >= 0;
    }

    private static List<Path> glob(Path root, String pattern) {
        Pattern re = globRegex(pattern);
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(p -> !p.equals(root))
                    .filter(p -> re.matcher(root.relativize(p).toString()).matches())
                    .sorted().toList();
        } catch (IOException e) {
            throw EngineException.unavailable("cannot read the build context: " + e.getMessage(), e);
        }
    }

    /** Go's filepath.Match: '*' and '?' stop at '/', classes as written. */
    static Pattern globRegex(String pattern) {
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            switch (c) {
                case '*' -> re.append("[^/]*");
                case '?' -> re.append("[^/]");
                case '[' -> {
                    int close = pattern.indexOf(']', i + 1);
                    if (close < 0) {
                        re.append("\\[");
                    } else {
                        String cls = pattern.substring(i + 1, close);
                        re.append('[').append(cls.startsWith("^") || cls.startsWith("!") ? "^" + cls.substring(1) : cls)
                                .append(']');
                        i = close;
                    }
                }
                case '\\' -> {
                    if (i + 1 < pattern.length()) {
                        re.append(Pattern.quote(String.valueOf(pattern.charAt(++i))));
                    }
                }
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString());
    }
}
