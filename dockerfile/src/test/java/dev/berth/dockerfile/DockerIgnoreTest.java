package dev.berth.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DockerIgnoreTest {

    @Test
    void excludes_plainName_matchesItAndEverythingBelow() {
        DockerIgnore ig = DockerIgnore.parse("node_modules\n");
        assertThat(ig.excludes("node_modules")).isTrue();
        assertThat(ig.excludes("node_modules/x/y.js")).isTrue();
        assertThat(ig.excludes("src/node_modules")).isFalse();
        assertThat(ig.excludes("node_modules2")).isFalse();
    }

    @Test
    void excludes_singleStar_staysWithinOneDirectory() {
        DockerIgnore ig = DockerIgnore.parse("*.log\n*/temp*");
        assertThat(ig.excludes("a.log")).isTrue();
        assertThat(ig.excludes("dir/a.log")).isFalse();
        assertThat(ig.excludes("dir/temporary.txt")).isTrue();
        assertThat(ig.excludes("dir/sub/temporary.txt")).isFalse();
    }

    @Test
    void excludes_doubleStar_matchesAnyDepthIncludingNone() {
        DockerIgnore ig = DockerIgnore.parse("**/*.go\nbuild/**");
        assertThat(ig.excludes("main.go")).isTrue();
        assertThat(ig.excludes("a/b/c/main.go")).isTrue();
        assertThat(ig.excludes("a/b/c/main.gox")).isFalse();
        assertThat(ig.excludes("build/x/y")).isTrue();
    }

    @Test
    void excludes_exception_laterLineWins() {
        DockerIgnore ig = DockerIgnore.parse("*.md\n!README.md\n");
        assertThat(ig.excludes("CHANGES.md")).isTrue();
        assertThat(ig.excludes("README.md")).isFalse();
        DockerIgnore reversed = DockerIgnore.parse("!README.md\n*.md\n");
        assertThat(reversed.excludes("README.md")).isTrue();
    }

    @Test
    void excludes_exceptionInsideExcludedDirectory_bringsFileBack() {
        DockerIgnore ig = DockerIgnore.parse("docs\n!docs/keep.txt");
        assertThat(ig.excludes("docs/other.txt")).isTrue();
        assertThat(ig.excludes("docs/keep.txt")).isFalse();
        assertThat(ig.mayIncludeBelow("docs")).isTrue();
    }

    @Test
    void parse_commentsBlanksAndPathsCleaned() {
        DockerIgnore ig = DockerIgnore.parse("# comment\n\n  /tmp/  \n./a/../b\n! c \n");
        assertThat(ig.patterns()).containsExactly("tmp", "b", "!c");
        assertThat(ig.excludes("tmp/file")).isTrue();
        assertThat(ig.excludes("b")).isTrue();
        assertThat(ig.excludes("a")).isFalse();
    }

    @Test
    void excludes_questionMarkAndClasses_matchOneCharacter() {
        DockerIgnore ig = DockerIgnore.parse("file?.txt\n[ab]*.bin\n[!x]y");
        assertThat(ig.excludes("file1.txt")).isTrue();
        assertThat(ig.excludes("file12.txt")).isFalse();
        assertThat(ig.excludes("a1.bin")).isTrue();
        assertThat(ig.excludes("c1.bin")).isFalse();
        assertThat(ig.excludes("zy")).isTrue();
        assertThat(ig.excludes("xy")).isFalse();
    }

    @Test
    void excludes_dotsAreLiteral() {
        DockerIgnore ig = DockerIgnore.parse(".git\n*.tar.gz");
        assertThat(ig.excludes(".git/HEAD")).isTrue();
        assertThat(ig.excludes("xgit")).isFalse();
        assertThat(ig.excludes("a.tar.gz")).isTrue();
        assertThat(ig.excludes("a.tarxgz")).isFalse();
    }

    @Test
    void none_excludesNothing() {
        assertThat(DockerIgnore.none().excludes("anything")).isFalse();
        assertThat(DockerIgnore.none().isEmpty()).isTrue();
    }
}
