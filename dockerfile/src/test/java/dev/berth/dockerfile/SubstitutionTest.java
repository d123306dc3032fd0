package dev.berth.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

import dev.berth.dockerfile.Instruction.KeyValue;

class SubstitutionTest {

    private static final Map<String, String> ENV = Map.of("V", "1.2", "DIR", "/srv", "U", "app");

    private static List<Instruction> expanded(String body) {
        Dockerfile df = Dockerfile.parse("FROM busybox\n" + body, "Dockerfile");
        return df.stages().get(0).instructions().stream()
                .map(i -> Substitution.apply(i, new WordExpander(df.escape(), ENV))).toList();
    }

    @Test
    void apply_substitutingInstructions_expandAndUnquote() {
        List<Instruction> s = expanded("ENV A=$V B=\"x $DIR\" $U=y\nLABEL \"v\"=\"${V}\"\nWORKDIR $DIR/app\nUSER ${U}:${U}\n"
                + "EXPOSE ${PORT:-8080}\nVOLUME $DIR/data\nSTOPSIGNAL ${SIG:-SIGTERM}\n"
                + "COPY --chown=$U --from=${STAGE:-base} $DIR/a* ${DIR}/b/\n");
        assertThat(((Instruction.Env) s.get(0)).pairs()).containsExactly(new KeyValue("A", "1.2"),
                new KeyValue("B", "x /srv"), new KeyValue("app", "y"));
        assertThat(((Instruction.Label) s.get(1)).pairs()).containsExactly(new KeyValue("v", "1.2"));
        assertThat(((Instruction.Workdir) s.get(2)).path()).isEqualTo("/srv/app");
        assertThat(((Instruction.User) s.get(3)).user()).isEqualTo("app:app");
        assertThat(((Instruction.Expose) s.get(4)).ports()).containsExactly("8080");
        assertThat(((Instruction.Volume) s.get(5)).paths()).containsExactly("/srv/data");
        assertThat(((Instruction.StopSignal) s.get(6)).signal()).isEqualTo("SIGTERM");
        Instruction.Copy copy = (Instruction.Copy) s.get(7);
        assertThat(copy.chown()).contains("app");
        assertThat(copy.from()).contains("base");
        assertThat(copy.sources()).containsExactly("/srv/a*");
        assertThat(copy.dest()).isEqualTo("/srv/b/");
    }

    @Test
    void apply_shellInstructions_leftForTheShell() {
        List<Instruction> s = expanded("RUN echo $V\nCMD echo $V\nENTRYPOINT [\"echo\", \"$V\"]\nHEALTHCHECK CMD test $V\n");
        assertThat(((Instruction.Run) s.get(0)).command().args()).containsExactly("echo $V");
        assertThat(((Instruction.Cmd) s.get(1)).command().args()).containsExactly("echo $V");
        assertThat(((Instruction.Entrypoint) s.get(2)).command().args()).containsExactly("echo", "$V");
        assertThat(((Instruction.Healthcheck) s.get(3)).test()).containsExactly("CMD-SHELL", "test $V");
    }

    @Test
    void baseName_expandsMetaArgs() {
        Dockerfile df = Dockerfile.parse("ARG TAG=1\nFROM busybox:${TAG}\n", "Dockerfile");
        assertThat(Substitution.baseName(df.stages().get(0), new WordExpander('\\', Map.of("TAG", "1.36"))))
                .isEqualTo("busybox:1.36");
    }
}
