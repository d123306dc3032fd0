package dev.berth.cli.cmd;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An {@code --env-file} or {@code --label-file}, read as the docker CLI reads both: one {@code key=value}
 * a line, leading blanks dropped, blank and {@code #} lines skipped, a bare {@code key} taking its
 * value from this environment (and left out when unset), a key with blanks refused.
 */
final class KeyValueFile {
    private KeyValueFile() {}

    static List<String> read(String file, Map<String, String> environment) {
        List<String> lines;
        try {
            lines = Files.readAllLines(Path.of(file), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new UsageException("open " + file + ": no such file or directory");
        } catch (IOException e) {
            throw new UsageException("open " + file + ": " + e.getMessage());
        }
        List<String> out = new ArrayList<>();
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n);
            if (n == 0 && line.startsWith("\uFEFF")) line = line.substring(1);
            line = line.stripLeading();
            if (line.isEmpty() || line.startsWith("#")) continue;
            int eq = line.indexOf('=');
            String key = eq < 0 ? line : line.substring(0, eq);
            if (key.isEmpty()) {
                throw new UsageException("invalid env file (" + file + "): no variable name on line '" + line + "'");
            }
            if (key.chars().anyMatch(Character::isWhitespace)) {
                throw new UsageException("invalid env file (" + file + "): variable '" + key + "' contains whitespaces");
            }
            if (eq >= 0) {
                out.add(line);
            } else if (environment.containsKey(key)) {
                out.add(key + "=" + environment.get(key));
            }
        }
        return out;
    }
}
