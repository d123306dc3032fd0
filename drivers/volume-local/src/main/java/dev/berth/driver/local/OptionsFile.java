package dev.berth.driver.local;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * A volume's options beside its data ({@code <volume>/opts.properties}), written whole or not at all;
 * none stored (a plain directory) means no file, as dockerd writes no {@code opts.json} then.
 */
final class OptionsFile {
    static final String NAME = "opts.properties";

    LocalOptions read(Path volumeDir) {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(volumeDir.resolve(NAME), StandardCharsets.UTF_8)) {
            p.load(in);
        } catch (NoSuchFileException e) {
            return LocalOptions.NONE;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> m = new TreeMap<>();
        p.stringPropertyNames().forEach(k -> m.put(k, p.getProperty(k)));
        return new LocalOptions(m.get("type"), m.get("o"), m.get("device"), m.get("size"));
    }

    void write(Path volumeDir, LocalOptions options) {
        Path file = volumeDir.resolve(NAME);
        try {
            if (options.equals(LocalOptions.NONE)) {
                Files.deleteIfExists(file);
                return;
            }
            Properties p = new Properties();
            p.putAll(options.asMap());
            Path tmp = volumeDir.resolve(NAME + ".tmp");
            try (Writer out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                p.store(out, null);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
