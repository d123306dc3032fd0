package dev.berth.engine.build;

import dev.berth.api.backend.ProgressSink;
import dev.berth.image.Sha256;
import dev.berth.spi.EngineException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ADD's http(s) sources, as dockerd's classic builder fetches them: each downloaded (progress in
 * the stream) into a private directory under a name from the URL's path, else from
 * Content-Disposition; mode 0600; mtime from Last-Modified (the epoch without one); never
 * unpacked. {@code --checksum=sha256:…} is checked against the bytes. Git repositories are refused.
 */
final class RemoteSources {
    /** The name a download gets when neither the URL nor the response names it (dockerd's). */
    static final String UNNAMED = "__unnamed__";
    private static final Pattern SHA256 = Pattern.compile("sha256:[0-9a-f]{64}");

    /**
     * The client, made at the first download: every COPY asks {@link #isUrl}, and a client made with this
     * class kept its selector thread and the JDK's default TLS context (the parsed CA certificates) for the
     * daemon's life after any build (issue #17).
     */
    private static final class Http {
        static final HttpClient CLIENT = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NORMAL).connectTimeout(Duration.ofSeconds(30)).build();

        private Http() {}
    }

    /** One downloaded source: its directory, the file's name in it, and its content digest. */
    record Download(Path dir, String name, boolean named, String digest) {
        Path file() {
            return dir.resolve(name);
        }
    }

    private RemoteSources() {
    }

    static boolean isUrl(String source) {
        String s = source.toLowerCase(Locale.ROOT);
        return s.startsWith("http://") || s.startsWith("https://");
    }

    /** A source naming a Git repository, which ADD in BuildKit clones. */
    static boolean isGit(String source) {
        String s = source.toLowerCase(Locale.ROOT);
        return s.startsWith("git@") || s.startsWith("git://") || isUrl(s) && (s.endsWith(".git") || s.contains(".git#"));
    }

    static void checkChecksum(String checksum) {
        if (!SHA256.matcher(checksum).matches()) {
            throw EngineException.invalid("invalid checksum digest format: " + checksum
                    + " (Berth verifies sha256:<64 hex> only)");
        }
    }

    static Download fetch(String url, Path scratch, ProgressSink out, Optional<String> checksum) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw EngineException.invalid("invalid URL " + url + ": " + e.getMessage());
        }
        HttpResponse<InputStream> resp;
        try {
            resp = Http.CLIENT.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw EngineException.invalid("Get \"" + url + "\": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StepContainers.BuildCancelled();
        }
        Path dir = null;
        try (InputStream body = resp.body()) {
            if (resp.statusCode() >= 400) {
                // dockerd's GetWithStatusError words.
                throw EngineException.invalid("failed to GET " + url + " with status " + resp.statusCode() + " "
                        + reason(resp.statusCode()) + ": " + new String(body.readNBytes(4096)).strip());
            }
            String name = filename(uri.getPath(), resp.headers().firstValue("Content-Disposition").orElse(""));
            Files.createDirectories(scratch);
            dir = Files.createTempDirectory(scratch, "remote-");
            Path file = dir.resolve(name.isEmpty() ? UNNAMED : name);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            long total = resp.headers().firstValueAsLong("Content-Length").orElse(-1);
            Sha256 sha = Sha256.create();
            try (OutputStream w = Files.newOutputStream(file)) {
                byte[] buf = new byte[65536];
                long done = 0;
                long shown = 0;
                int n;
                while ((n = body.read(buf)) > 0) {
                    w.write(buf, 0, n);
                    sha.update(buf, 0, n);
                    done += n;
                    if (done - shown >= 512 * 1024) {
                        out.status("", "Downloading", done, total);
                        shown = done;
                    }
                }
                out.status("", "Downloading", done, total);
            }
            out.stream("\n");
            String digest = "sha256:" + HexFormat.of().formatHex(sha.finish());
            if (checksum.isPresent() && !checksum.get().equals(digest)) {
                throw EngineException.invalid("digest mismatch " + digest + ": " + checksum.get());
            }
            Files.setLastModifiedTime(file, FileTime.from(lastModified(resp.headers().firstValue("Last-Modified"))));
            Download d = new Download(dir, file.getFileName().toString(), !name.isEmpty(), digest);
            dir = null;
            return d;
        } catch (IOException e) {
            throw EngineException.unavailable("ADD failed: downloading " + url + ": " + e.getMessage(), e);
        } finally {
            Heredocs.delete(dir);
        }
    }

    /** dockerd's choice: the URL path's last element, else Content-Disposition's filename, else none. */
    static String filename(String path, String contentDisposition) {
        if (path != null && !path.isEmpty() && !path.endsWith("/")) {
            String base = path.substring(path.lastIndexOf('/') + 1);
            if (!base.isEmpty()) {
                return base;
            }
        }
        Matcher m = Pattern.compile("(?i)filename=\"?([^\";]*)\"?").matcher(contentDisposition);
        if (m.find() && !m.group(1).isEmpty() && !m.group(1).endsWith("/")) {
            String f = m.group(1);
            return f.substring(f.lastIndexOf('/') + 1);
        }
        return "";
    }

    static Instant lastModified(Optional<String> header) {
        if (header.isEmpty()) {
            return Instant.EPOCH;
        }
        try {
            return ZonedDateTime.parse(header.get(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            return Instant.EPOCH;
        }
    }

    private static String reason(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 500 -> "Internal Server Error";
            default -> "";
        };
    }
}
