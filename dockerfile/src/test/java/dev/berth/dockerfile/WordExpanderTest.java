package dev.berth.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class WordExpanderTest {

    private static final Map<String, String> ENV = Map.of("A", "apple", "EMPTY", "", "P", "/usr/local");

    private static String expand(String word) {
        return new WordExpander('\\', ENV).expand(word);
    }

    @Test
    void expand_plainAndBracedNames_substituted() {
        assertThat(expand("$A")).isEqualTo("apple");
        assertThat(expand("${A}s")).isEqualTo("apples");
        assertThat(expand("$P/bin:$A")).isEqualTo("/usr/local/bin:apple");
        assertThat(expand("x${A}y$A-z")).isEqualTo("xappleyapple-z");
    }

    @Test
    void expand_unsetVariable_isEmpty() {
        assertThat(expand("a$NOPE-b")).isEqualTo("a-b");
        assertThat(expand("${NOPE}")).isEmpty();
    }

    @Test
    void expand_defaultModifiers_followDockerRules() {
        assertThat(expand("${NOPE:-dflt}")).isEqualTo("dflt");
        assertThat(expand("${EMPTY:-dflt}")).isEqualTo("dflt");
        assertThat(expand("${EMPTY-dflt}")).isEmpty();
        assertThat(expand("${A:-dflt}")).isEqualTo("apple");
        assertThat(expand("${NOPE:-$A}")).isEqualTo("apple");
    }

    @Test
    void expand_alternativeModifiers_followDockerRules() {
        assertThat(expand("${A:+alt}")).isEqualTo("alt");
        assertThat(expand("${EMPTY:+alt}")).isEmpty();
        assertThat(expand("${EMPTY+alt}")).isEqualTo("alt");
        assertThat(expand("${NOPE:+alt}")).isEmpty();
    }

    @Test
    void expand_requiredModifier_failsWhenUnset() {
        assertThat(expand("${A:?boom}")).isEqualTo("apple");
        assertThatThrownBy(() -> expand("${NOPE:?must be set}")).hasMessage("NOPE: must be set");
        assertThatThrownBy(() -> expand("${NOPE?}")).hasMessage("NOPE: is not allowed to be unset");
    }

    @Test
    void expand_quotesRemoved_singleQuotesLiteral() {
        assertThat(expand("'$A'")).isEqualTo("$A");
        assertThat(expand("\"$A b\"")).isEqualTo("apple b");
        assertThat(expand("a' 'b")).isEqualTo("a b");
    }

    @Test
    void expand_escapes_makeCharactersLiteral() {
        assertThat(expand("\\$A")).isEqualTo("$A");
        assertThat(expand("\"\\$A\"")).isEqualTo("$A");
        assertThat(expand("\"a\\\"b\"")).isEqualTo("a\"b");
        assertThat(expand("\"a\\nb\"")).isEqualTo("a\\nb");
        assertThat(expand("a\\ b")).isEqualTo("a b");
    }

    @Test
    void expand_backtickEscape_usedInsteadOfBackslash() {
        WordExpander w = new WordExpander('`', ENV);
        assertThat(w.expand("`$A")).isEqualTo("$A");
        assertThat(w.expand("c:\\dir\\$A")).isEqualTo("c:\\dir\\apple");
    }

    @Test
    void expand_dollarWithoutName_isLiteral() {
        assertThat(expand("a$")).isEqualTo("a$");
        assertThat(expand("$ x")).isEqualTo("$ x");
        assertThat(expand("$1")).isEmpty();
    }

    @Test
    void expand_badSyntax_failsWithDockerWording() {
        assertThatThrownBy(() -> expand("${A")).hasMessage("syntax error: missing '}'");
        assertThatThrownBy(() -> expand("${}")).hasMessage("bad substitution");
        assertThatThrownBy(() -> expand("'abc")).hasMessage(
                "unexpected end of statement while looking for matching single-quote");
        assertThatThrownBy(() -> expand("\"abc")).hasMessage(
                "unexpected end of statement while looking for matching double-quote");
        assertThatThrownBy(() -> expand("${A%x}")).hasMessage("unsupported modifier (%) in substitution");
    }

    @Test
    void used_recordsEveryNameLookedUp() {
        WordExpander w = new WordExpander('\\', ENV);
        w.expand("$A ${NOPE:-x} '$QUOTED'");
        assertThat(w.used()).containsExactlyInAnyOrder("A", "NOPE");
    }
}
