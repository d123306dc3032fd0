package dev.berth.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The benchmarks run from a root shell, where there may be no {@code sudo}: the scripts never call it
 * and the READMEs give the command as root types it (sudo only as the way in from a user account).
 */
class BenchDocsTest {
    private static final Path ROOT = Path.of("..");
    private static final Pattern SUDO_WORD = Pattern.compile("(^|[\\s;&|(`])sudo(\\s|$)");

    @Test
    void benchScripts_neverCallSudo() throws IOException {
        for (String script : List.of("bench/compare", "bench/run-latency", "bench/jmh/run", "bench/robustness")) {
            List<String> lines = Files.readAllLines(ROOT.resolve(script));
            for (int i = 0; i < lines.size(); i++) {
                String code = lines.get(i).replaceAll("\"[^\"]*\"|'[^']*'", "\"\"").replaceAll("(^|\\s)#.*$", "");
                assertThat(SUDO_WORD.matcher(code).find()).as(script + ":" + (i + 1) + ": " + lines.get(i)).isFalse();
            }
        }
    }

    @Test
    void readmes_benchCompareAsRootTypesIt_sudoOnlyFromAUserAccount() throws IOException {
        for (String doc : List.of("README.md", "bench/README.md")) {
            String text = Files.readString(ROOT.resolve(doc));
            assertThat(text).as(doc).containsPattern("(?m)(^|[^o] |`)bench/compare");
            for (String paragraph : text.split("\n\n")) {
                if (paragraph.contains("sudo bench/") || paragraph.contains("sudo -E bench/")) {
                    assertThat(paragraph.replaceAll("\\s+", " ")).as(doc).contains("user account");
                }
            }
        }
    }
}
