package dev.berth.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ChallengeTest {
    @Test
    void parse_dockerHubBearer_givesRealmServiceScope() {
        List<Challenge> cs = Challenge.parse("Bearer realm=\"https://auth.docker.io/token\",service=\"registry.docker.io\","
                + "scope=\"repository:library/busybox:pull,push\"");
        assertThat(cs).hasSize(1);
        Challenge c = cs.get(0);
        assertThat(c.isBearer()).isTrue();
        assertThat(c.param("realm")).isEqualTo("https://auth.docker.io/token");
        assertThat(c.param("service")).isEqualTo("registry.docker.io");
        assertThat(c.param("scope")).isEqualTo("repository:library/busybox:pull,push");
    }

    @Test
    void parse_basicWithSpacesAndEscapes() {
        Challenge c = Challenge.parse("Basic realm=\"my \\\"registry\\\"\"").get(0);
        assertThat(c.isBasic()).isTrue();
        assertThat(c.param("realm")).isEqualTo("my \"registry\"");
    }

    @Test
    void parse_severalChallengesAndUnquotedValues() {
        List<Challenge> cs = Challenge.parse("Basic realm=a, bearer realm=https://t/x , service=s");
        assertThat(cs).extracting(Challenge::scheme).containsExactly("basic", "bearer");
        assertThat(cs.get(1).param("realm")).isEqualTo("https://t/x");
        assertThat(cs.get(1).param("service")).isEqualTo("s");
    }

    @Test
    void parse_emptyOrNull_givesNothing() {
        assertThat(Challenge.parse((String) null)).isEmpty();
        assertThat(Challenge.parse("")).isEmpty();
    }
}
