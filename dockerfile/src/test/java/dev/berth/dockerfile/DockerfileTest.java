package dev.berth.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

import dev.berth.dockerfile.Instruction.ArgDecl;
import dev.berth.dockerfile.Instruction.KeyValue;

class DockerfileTest {

    private static Dockerfile parse(String text) {
        return Dockerfile.parse(text, "Dockerfile");
    }

    private static List<Instruction> steps(String text) {
        return parse(text).stages().get(0).instructions();
    }

    private static Instruction only(String line) {
        List<Instruction> s = steps("FROM busybox\n" + line + "\n");
        assertThat(s).hasSize(1);
        return s.get(0);
    }

    @Test
    void parse_stagesAndMetaArgs_inOrder() {
        Dockerfile df = parse("ARG BASE=busybox\nFROM ${BASE} AS Build\nRUN true\nFROM scratch\nCOPY --from=build /a /b\n");
        assertThat(df.metaArgs()).hasSize(1);
        assertThat(df.metaArgs().get(0).args()).containsExactly(new ArgDecl("BASE", Optional.of("busybox")));
        assertThat(df.stages()).hasSize(2);
        assertThat(df.stages().get(0).baseName()).isEqualTo("${BASE}");
        assertThat(df.stages().get(0).name()).contains("build");
        assertThat(df.stages().get(1).index()).isEqualTo(1);
        assertThat(df.stage("BUILD")).contains(df.stages().get(0));
        assertThat(df.stage("1")).contains(df.stages().get(1));
        assertThat(df.stage("2")).isEmpty();
    }

    @Test
    void parse_runShellAndExecForms_distinguished() {
        Instruction.Run shell = (Instruction.Run) only("RUN echo \"a b\" && ls");
        assertThat(shell.command().shellForm()).isTrue();
        assertThat(shell.command().args()).containsExactly("echo \"a b\" && ls");
        Instruction.Run exec = (Instruction.Run) only("RUN [\"/bin/echo\", \"a\\tb\", \"\\u00e9\"]");
        assertThat(exec.command().shellForm()).isFalse();
        assertThat(exec.command().args()).containsExactly("/bin/echo", "a\tb", "é");
        assertThat(exec.source().text()).isEqualTo("RUN [\"/bin/echo\", \"a\\tb\", \"\\u00e9\"]");
    }

    @Test
    void parse_brokenJson_isShellForm() {
        Instruction.Cmd cmd = (Instruction.Cmd) only("CMD [\"echo\", 'x']");
        assertThat(cmd.command().shellForm()).isTrue();
        assertThat(cmd.command().args()).containsExactly("[\"echo\", 'x']");
    }

    @Test
    void parse_jsonWithNonStrings_failsWithLine() {
        assertThatThrownBy(() -> parse("FROM busybox\nCMD [\"echo\", 1]\n"))
                .hasMessage("failed to parse Dockerfile: when using JSON array syntax, arrays must be comprised of strings only");
    }

    @Test
    void parse_continuationsAndComments_joinedWithLineNumbers() {
        Dockerfile df = parse("# top comment\nFROM busybox\nRUN echo a \\\n# inside\n\n    b \\\n  c\nUSER nobody\n");
        List<Instruction> s = df.stages().get(0).instructions();
        Instruction.Run run = (Instruction.Run) s.get(0);
        assertThat(run.command().args()).containsExactly("echo a     b   c");
        assertThat(run.source().line()).isEqualTo(3);
        assertThat(s.get(1).source().line()).isEqualTo(8);
        assertThat(df.warnings()).anyMatch(w -> w.contains("Empty continuation line found in"));
    }

    @Test
    void parse_runsBuildKitFlags_parsedForTheStepToRefuse_othersUnknown() {
        Dockerfile df = parse("FROM busybox\nRUN --network=none --mount=type=cache,target=/c echo hi\nRUN plain\n");
        Instruction.Run flagged = (Instruction.Run) df.stages().get(0).instructions().get(0);
        assertThat(flagged.buildKitFlags()).containsExactly("network", "mount");
        assertThat(flagged.command().args()).containsExactly("echo hi");
        assertThat(((Instruction.Run) df.stages().get(0).instructions().get(1)).buildKitFlags()).isEmpty();
        assertThatThrownBy(() -> parse("FROM busybox\nRUN --foo echo\n"))
                .hasMessage("dockerfile parse error on line 2: unknown flag: foo");
    }

    @Test
    void parse_escapeDirective_backtickContinuesLines() {
        Dockerfile df = parse("# escape=`\nFROM busybox\nRUN echo c:\\dir `\n  done\n");
        assertThat(df.escape()).isEqualTo('`');
        Instruction.Run run = (Instruction.Run) df.stages().get(0).instructions().get(0);
        assertThat(run.command().args()).containsExactly("echo c:\\dir   done");
    }

    @Test
    void parse_directiveAfterComment_isAComment() {
        Dockerfile df = parse("# hello\n# escape=`\nFROM busybox\nRUN a \\\n b\n");
        assertThat(df.escape()).isEqualTo('\\');
    }

    @Test
    void parse_syntaxDirective_ignoredWithWarning() {
        Dockerfile df = parse("# syntax=docker/dockerfile:1\nFROM busybox\n");
        assertThat(df.warnings()).anyMatch(w -> w.contains("syntax parser directive"));
    }

    @Test
    void parse_badDirectives_fail() {
        assertThatThrownBy(() -> parse("# escape=x\nFROM busybox\n"))
                .hasMessage("failed to parse Dockerfile: invalid escape token 'x' does not match ` or \\");
        assertThatThrownBy(() -> parse("# escape=`\n# escape=\\\nFROM busybox\n"))
                .hasMessage("failed to parse Dockerfile: only one escape parser directive can be used");
    }

    @Test
    void parse_unknownInstruction_failsWithLineAndSuggestion() {
        assertThatThrownBy(() -> parse("FROM busybox\nRUN true\nFRM x\n"))
                .isInstanceOf(DockerfileException.class)
                .hasMessage("dockerfile parse error on line 3: unknown instruction: FRM (did you mean FROM?)")
                .extracting(e -> ((DockerfileException) e).line()).isEqualTo(3);
        assertThatThrownBy(() -> parse("FROM busybox\nfoobar x\n"))
                .hasMessage("dockerfile parse error on line 2: unknown instruction: foobar");
        assertThatThrownBy(() -> parse("FROM busybox\ncopyy a b\n"))
                .hasMessage("dockerfile parse error on line 2: unknown instruction: copyy (did you mean copy?)");
    }

    @Test
    void parse_argumentCountErrors_useDockerWording() {
        assertThatThrownBy(() -> parse("FROM busybox\nCOPY onlyone\n")).hasMessage("dockerfile parse error on line 2: "
                + "COPY requires at least two arguments, but only one was provided. Destination could not be determined");
        assertThatThrownBy(() -> parse("FROM busybox\nWORKDIR\n"))
                .hasMessage("dockerfile parse error on line 2: WORKDIR requires exactly one argument");
        assertThatThrownBy(() -> parse("FROM a b\n"))
                .hasMessage("dockerfile parse error on line 1: FROM requires either one or three arguments");
        assertThatThrownBy(() -> parse("FROM a AS 1x\n")).hasMessage("dockerfile parse error on line 1: "
                + "invalid name for build stage: \"1x\", name can't start with a number or contain symbols");
        assertThatThrownBy(() -> parse("FROM busybox\nEXPOSE\n"))
                .hasMessage("dockerfile parse error on line 2: EXPOSE requires at least one argument");
        assertThatThrownBy(() -> parse("FROM busybox\nSHELL /bin/bash -c\n"))
                .hasMessage("dockerfile parse error on line 2: SHELL requires the arguments to be in JSON form");
        assertThatThrownBy(() -> parse("FROM busybox\nENV a=b c\n")).hasMessage("failed to parse Dockerfile: "
                + "Syntax error - can't find = in \"c\". Must be of the form: name=value");
        assertThatThrownBy(() -> parse("FROM busybox\nENV onlykey\n"))
                .hasMessage("failed to parse Dockerfile: ENV must have two arguments");
    }

    @Test
    void parse_flags_checkedPerInstruction() {
        assertThatThrownBy(() -> parse("FROM busybox\nRUN --mout=type=cache,target=/x true\n"))
                .hasMessage("dockerfile parse error on line 2: unknown flag: mout (did you mean mount?)");
        assertThatThrownBy(() -> parse("FROM busybox\nCOPY --chwn=1 a b\n"))
                .hasMessage("dockerfile parse error on line 2: unknown flag: chwn (did you mean chown?)");
        assertThatThrownBy(() -> parse("FROM busybox\nCOPY --from a b\n"))
                .hasMessage("dockerfile parse error on line 2: missing a value on flag: from");
        assertThatThrownBy(() -> parse("FROM busybox\nCOPY --from=a --from=b a b\n"))
                .hasMessage("dockerfile parse error on line 2: duplicate flag specified: from");
        assertThatThrownBy(() -> parse("FROM busybox\nCOPY --link=maybe a b\n"))
                .hasMessage("dockerfile parse error on line 2: expecting boolean value for flag link, not: maybe");
        Instruction.Copy copy = (Instruction.Copy) only("COPY --from=build --chown=1:2 --chmod=0755 --link a b* /dst/");
        assertThat(copy.from()).contains("build");
        assertThat(copy.chown()).contains("1:2");
        assertThat(copy.chmod()).contains("0755");
        assertThat(copy.link()).isTrue();
        assertThat(copy.sources()).containsExactly("a", "b*");
        assertThat(copy.dest()).isEqualTo("/dst/");
    }

    @Test
    void parse_envAndLabel_bothForms() {
        Instruction.Env old = (Instruction.Env) only("ENV PATH /usr/bin:/bin  more words");
        assertThat(old.pairs()).containsExactly(new KeyValue("PATH", "/usr/bin:/bin  more words"));
        Instruction.Env kv = (Instruction.Env) only("ENV A=1 B=\"two words\" C=three\\ words D=");
        assertThat(kv.pairs()).containsExactly(new KeyValue("A", "1"), new KeyValue("B", "\"two words\""),
                new KeyValue("C", "three\\ words"), new KeyValue("D", ""));
        Instruction.Label label = (Instruction.Label) only("LABEL \"com.example.x\"=\"y z\" v=1");
        assertThat(label.pairs()).containsExactly(new KeyValue("\"com.example.x\"", "\"y z\""), new KeyValue("v", "1"));
    }

    @Test
    void parse_arg_namesAndDefaults() {
        Instruction.Arg arg = (Instruction.Arg) only("ARG A B=2 C=");
        assertThat(arg.args()).containsExactly(new ArgDecl("A", Optional.empty()), new ArgDecl("B", Optional.of("2")),
                new ArgDecl("C", Optional.of("")));
        assertThatThrownBy(() -> parse("FROM busybox\nARG =x\n"))
                .hasMessage("dockerfile parse error on line 2: ARG names can not be blank");
    }

    @Test
    void parse_heredocRun_collectsContentUntilTerminator() {
        Dockerfile df = parse("FROM busybox\nRUN <<EOF\necho $HOME\n  # kept\nEOF\nRUN cat <<-'END' > /f\n\tliteral $X\n\tEND\nUSER 1\n");
        List<Instruction> s = df.stages().get(0).instructions();
        Instruction.Run first = (Instruction.Run) s.get(0);
        assertThat(first.heredocs()).containsExactly(new Heredoc("EOF", "echo $HOME\n  # kept\n", true, false));
        assertThat(first.source().line()).isEqualTo(2);
        Instruction.Run second = (Instruction.Run) s.get(1);
        assertThat(second.heredocs()).hasSize(1);
        Heredoc doc = second.heredocs().get(0);
        assertThat(doc.name()).isEqualTo("END");
        assertThat(doc.expand()).isFalse();
        assertThat(doc.chomp()).isTrue();
        assertThat(doc.text()).isEqualTo("literal $X\n");
        assertThat(s.get(2).source().line()).isEqualTo(9);
    }

    @Test
    void parse_heredocCopy_inlineSourcesSeparated() {
        Instruction.Copy copy = (Instruction.Copy) steps("FROM busybox\nCOPY <<one <<two file /dst/\nfirst\none\nsecond\ntwo\n").get(0);
        assertThat(copy.sources()).containsExactly("file");
        assertThat(copy.inline()).extracting(Heredoc::name).containsExactly("one", "two");
        assertThat(copy.inline().get(1).content()).isEqualTo("second\n");
    }

    @Test
    void parse_unterminatedHeredoc_fails() {
        assertThatThrownBy(() -> parse("FROM busybox\nRUN <<EOF\necho\n"))
                .hasMessage("failed to parse Dockerfile: unterminated heredoc")
                .extracting(e -> ((DockerfileException) e).line()).isEqualTo(2);
    }

    @Test
    void parse_healthcheck_typesAndDurations() {
        Instruction.Healthcheck hc = (Instruction.Healthcheck) only(
                "HEALTHCHECK --interval=1m30s --timeout=500ms --retries=3 CMD curl -f http://localhost/");
        assertThat(hc.test()).containsExactly("CMD-SHELL", "curl -f http://localhost/");
        assertThat(hc.interval()).isEqualTo(Duration.ofSeconds(90));
        assertThat(hc.timeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(hc.retries()).isEqualTo(3);
        Instruction.Healthcheck exec = (Instruction.Healthcheck) only("HEALTHCHECK CMD [\"true\"]");
        assertThat(exec.test()).containsExactly("CMD", "true");
        Instruction.Healthcheck none = (Instruction.Healthcheck) only("HEALTHCHECK NONE");
        assertThat(none.test()).containsExactly("NONE");
        assertThatThrownBy(() -> parse("FROM busybox\nHEALTHCHECK FOO x\n"))
                .hasMessage("dockerfile parse error on line 2: Unknown type \"FOO\" in HEALTHCHECK (try CMD)");
        assertThatThrownBy(() -> parse("FROM busybox\nHEALTHCHECK --interval=1us CMD true\n"))
                .hasMessage("dockerfile parse error on line 2: Interval \"interval\" cannot be less than 1ms");
        assertThatThrownBy(() -> parse("FROM busybox\nHEALTHCHECK --retries=-1 CMD true\n"))
                .hasMessage("dockerfile parse error on line 2: --retries cannot be negative (-1)");
    }

    @Test
    void parse_onbuild_keepsTriggerAndRefusesChains() {
        Instruction.Onbuild ob = (Instruction.Onbuild) only("ONBUILD RUN echo hi");
        assertThat(ob.expression()).isEqualTo("RUN echo hi");
        assertThatThrownBy(() -> parse("FROM busybox\nONBUILD ONBUILD RUN x\n")).hasMessage(
                "dockerfile parse error on line 2: Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed");
        assertThatThrownBy(() -> parse("FROM busybox\nONBUILD FROM x\n"))
                .hasMessage("dockerfile parse error on line 2: FROM isn't allowed as an ONBUILD trigger");
    }

    @Test
    void parse_metadataInstructions_typed() {
        List<Instruction> s = steps("FROM busybox\nEXPOSE 8080/tcp 80\nVOLUME [\"/data\", \"/logs\"]\nVOLUME /a /b\n"
                + "STOPSIGNAL SIGKILL\nUSER app:app\nWORKDIR /srv/$APP\nSHELL [\"/bin/sh\", \"-ec\"]\n"
                + "ENTRYPOINT [\"/bin/app\"]\nMAINTAINER me\n");
        assertThat(((Instruction.Expose) s.get(0)).ports()).containsExactly("80", "8080/tcp");
        assertThat(((Instruction.Volume) s.get(1)).paths()).containsExactly("/data", "/logs");
        assertThat(((Instruction.Volume) s.get(2)).paths()).containsExactly("/a", "/b");
        assertThat(((Instruction.StopSignal) s.get(3)).signal()).isEqualTo("SIGKILL");
        assertThat(((Instruction.User) s.get(4)).user()).isEqualTo("app:app");
        assertThat(((Instruction.Workdir) s.get(5)).path()).isEqualTo("/srv/$APP");
        assertThat(((Instruction.Shell) s.get(6)).shell()).containsExactly("/bin/sh", "-ec");
        assertThat(((Instruction.Entrypoint) s.get(7)).command().args()).containsExactly("/bin/app");
        assertThat(((Instruction.Maintainer) s.get(8)).maintainer()).isEqualTo("me");
    }

    @Test
    void parse_caseInsensitiveKeywordsAndCrlf_accepted() {
        Dockerfile df = parse("\uFEFFfrom busybox\r\nrun echo hi\r\n");
        assertThat(df.stages().get(0).instructions().get(0)).isInstanceOf(Instruction.Run.class);
        assertThat(((Instruction.Run) df.stages().get(0).instructions().get(0)).command().args())
                .containsExactly("echo hi");
    }

    @Test
    void parse_emptyOrInstructionBeforeFrom_fails() {
        assertThatThrownBy(() -> parse("# only a comment\n\n"))
                .hasMessage("failed to parse Dockerfile: file with no instructions");
        assertThatThrownBy(() -> parse("RUN true\nFROM busybox\n")).hasMessage("no build stage in current context");
    }
}
