package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Bad command lines: the docker CLI's (28.2) words and exit codes, with berth for docker. */
class UsageErrorsTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int berth(String... args) {
        CliContext ctx = new CliContext(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), new ByteArrayInputStream(new byte[0]),
                Map.of("DOCKER_HOST", "unix:///nonexistent-sock"));
        return Main.run(args, ctx);
    }

    private void refused(int code, String stderr, String... args) {
        assertThat(berth(args)).as(String.join(" ", args)).isEqualTo(code);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo(stderr);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    private static String flag(String message, String use, String path) {
        return message + "\n\nUsage:  " + use + "\n\nRun '" + path + " --help' for more information\n";
    }

    @Test
    void unknownCommand_atTheTop_andInAGroup() {
        refused(1, "berth: unknown command: berth nosuch\n\nRun 'berth --help' for more information\n", "nosuch");
    }

    @Test
    void unknownCommand_inAGroup_showsTheGroupsUsage() {
        refused(1, "berth: unknown command: berth volume nosuch\n\nUsage:  berth volume COMMAND\n\n"
                + "Run 'berth volume --help' for more information\n", "volume", "nosuch");
    }

    @Test
    void unknownLongFlag_withOrWithoutAValue() {
        refused(125, flag("unknown flag: --nosuch", "berth ps [OPTIONS]", "berth ps"), "ps", "--nosuch=3");
    }

    @Test
    void unknownShorthand_namesTheLetterAndTheRestOfTheCluster() {
        refused(125, flag("unknown shorthand flag: 'Z' in -Zq", "berth ps [OPTIONS]", "berth ps"), "ps", "-aZq");
    }

    @Test
    void unknownFlag_beforeAMissingArgument_isTheFlagError() {
        refused(125, flag("unknown flag: --nosuch", "berth wait CONTAINER [CONTAINER...]", "berth wait"),
                "wait", "--nosuch");
    }

    @Test
    void unknownFlag_ofAGlobalOption() {
        refused(125, flag("unknown flag: --nosuch", "berth [OPTIONS] COMMAND [ARG...]", "berth"), "--nosuch", "ps");
    }

    @Test
    void aliasedCommand_isNamedByItsName() {
        refused(125, flag("unknown shorthand flag: 'Z' in -Z", "berth container ls [OPTIONS]", "berth container ls"),
                "container", "ps", "-Z");
    }

    @Test
    void flagWithoutItsValue_longAndShort() {
        refused(125, flag("flag needs an argument: --filter", "berth ps [OPTIONS]", "berth ps"), "ps", "--filter");
        err.reset();
        refused(125, flag("flag needs an argument: 'f' in -f", "berth ps [OPTIONS]", "berth ps"), "ps", "-af");
    }

    @Test
    void intFlag_inStrconvWords() {
        refused(125, flag("invalid argument \"x\" for \"-n, --last\" flag: strconv.ParseInt: parsing \"x\": invalid syntax",
                "berth ps [OPTIONS]", "berth ps"), "ps", "--last", "x");
        err.reset();
        refused(125, flag("invalid argument \"99999999999999999999\" for \"-t, --timeout\" flag: strconv.ParseInt: "
                + "parsing \"99999999999999999999\": value out of range",
                "berth stop [OPTIONS] CONTAINER [CONTAINER...]", "berth stop"), "stop", "-t", "99999999999999999999", "a");
    }

    @Test
    void boolFlag_inStrconvWords() {
        refused(125, flag("invalid argument \"x\" for \"-a, --all\" flag: strconv.ParseBool: parsing \"x\": invalid syntax",
                "berth ps [OPTIONS]", "berth ps"), "ps", "--all=x");
    }

    @Test
    void runFlagErrors_haveRunsUsageLine() {
        refused(125, flag("invalid argument \"x\" for \"-c, --cpu-shares\" flag: strconv.ParseInt: parsing \"x\": "
                + "invalid syntax", "berth run [OPTIONS] IMAGE [COMMAND] [ARG...]", "berth run"),
                "run", "--cpu-shares", "x", "img");
    }

    @Test
    void arity_noArguments() {
        refused(1, "berth: 'berth ps' accepts no arguments\n\nUsage:  berth ps [OPTIONS]\n\n"
                + "Run 'berth ps --help' for more information\n", "ps", "x");
    }

    @Test
    void arity_atLeast_saysSee() {
        refused(1, "berth: 'berth inspect' requires at least 1 argument\n\n"
                + "Usage:  berth inspect [OPTIONS] NAME|ID [NAME|ID...]\n\n"
                + "See 'berth inspect --help' for more information\n", "inspect");
        err.reset();
        refused(1, "berth: 'berth exec' requires at least 2 arguments\n\n"
                + "Usage:  berth exec [OPTIONS] CONTAINER COMMAND [ARG...]\n\n"
                + "See 'berth exec --help' for more information\n", "exec", "a");
    }

    @Test
    void arity_exactly() {
        refused(1, "berth: 'berth logs' requires 1 argument\n\nUsage:  berth logs [OPTIONS] CONTAINER\n\n"
                + "Run 'berth logs --help' for more information\n", "logs", "a", "b");
        err.reset();
        refused(1, "berth: 'berth rename' requires 2 arguments\n\nUsage:  berth rename CONTAINER NEW_NAME\n\n"
                + "Run 'berth rename --help' for more information\n", "rename", "a");
    }

    @Test
    void arity_atMost_keepsDockersSRun() {
        refused(1, "berth: 'berth login' requires at most 1 argument\n\nUsage:  berth login [OPTIONS] [SERVER]\n\n"
                + "SRun 'berth login --help' for more information\n", "login", "a", "b");
    }

    @Test
    void arity_range() {
        refused(1, "berth: 'berth port' requires at least 1 and at most 2 arguments\n\n"
                + "Usage:  berth port CONTAINER [PRIVATE_PORT[/PROTO]]\n\n"
                + "Run 'berth port --help' for more information\n", "port", "a", "b", "c");
    }

    @Test
    void usageLines_derivedAndOverridden() {
        refused(125, flag("unknown flag: --nosuch", "berth container cp [OPTIONS] CONTAINER:SRC_PATH DEST_PATH|-\n"
                + "\tberth cp [OPTIONS] SRC_PATH|- CONTAINER:DEST_PATH", "berth container cp"), "container", "cp", "--nosuch");
        err.reset();
        refused(125, flag("unknown flag: --nosuch", "berth volume create [OPTIONS] [VOLUME]", "berth volume create"),
                "volume", "create", "--nosuch");
        err.reset();
        refused(125, flag("unknown flag: --nosuch", "berth image", "berth image"), "image", "--nosuch");
    }

    @Test
    void aFlagValueTheCommandRefuses_isAFlagError_onTheLeanPathToo() {
        refused(125, flag("invalid argument \"bogus\" for \"-f, --filter\" flag: bad format of filter (expected name=value)",
                "berth container ls [OPTIONS]", "berth container ls"), "container", "ls", "-f", "bogus");
        err.reset();
        refused(125, flag("invalid argument \"x\" for \"--filter\" flag: bad format of filter (expected name=value)",
                "berth container prune [OPTIONS]", "berth container prune"), "container", "prune", "-f", "--filter", "x");
    }

    @Test
    void sizeFlags_inDockersWords() {
        refused(125, flag("invalid argument \"x\" for \"-m, --memory\" flag: invalid size: 'x'",
                "berth container run [OPTIONS] IMAGE [COMMAND] [ARG...]", "berth container run"),
                "container", "run", "-m", "x", "img");
        err.reset();
        refused(125, flag("invalid argument \"x\" for \"--shm-size\" flag: invalid size: 'x'",
                "berth create [OPTIONS] IMAGE [COMMAND] [ARG...]", "berth create"), "create", "--shm-size", "x", "img");
        err.reset();
        refused(125, flag("invalid argument \"x\" for \"--memory-swap\" flag: invalid size: 'x'",
                "berth update [OPTIONS] CONTAINER [CONTAINER...]", "berth update"), "update", "--memory-swap", "x", "a");
    }

    @Test
    void aCommandsOwnRefusal_isTheMessageAlone_exit1() {
        refused(1, "must specify at least one container source\n", "cp", "a", "b");
        err.reset();
        refused(1, "conflicting options: cannot specify both --password and --password-stdin\n",
                "login", "--password", "a", "--password-stdin");
        err.reset();
        refused(1, "Unable to parse logging level: loud\n", "--log-level", "loud", "ps");
    }

    @Test
    void createsOtherRefusals_nameCreate() {
        refused(125, "berth: invalid pull option: 'bogus': must be one of \"always\", \"missing\" or \"never\"\n\n"
                + "Run 'berth create --help' for more information\n", "container", "create", "--pull", "bogus", "img");
    }

    @Test
    void intFlags_readAsGoReadsThem() {
        for (String n : new String[] {"0x10", "0o1_7", "010", "1_000", "-0b11", "+5"}) {
            err.reset();
            assertThat(berth("ps", "-n", n)).as(n).isEqualTo(1);  // read, then the daemon is not there
            assertThat(err.toString(StandardCharsets.UTF_8)).as(n).startsWith("Cannot connect to the Docker daemon");
        }
        err.reset();
        refused(125, flag("invalid argument \"08\" for \"-n, --last\" flag: strconv.ParseInt: parsing \"08\": "
                + "invalid syntax", "berth ps [OPTIONS]", "berth ps"), "ps", "-n", "08");
        err.reset();
        refused(125, flag("invalid argument \"0xffffffffffffffffffff\" for \"-n, --last\" flag: strconv.ParseInt: "
                + "parsing \"0xffffffffffffffffffff\": value out of range", "berth ps [OPTIONS]", "berth ps"),
                "ps", "-n", "0xffffffffffffffffffff");
    }

    @Test
    void boolFlags_readAsGoReadsThem() throws Exception {
        for (String[] line : new String[][] {{"--all=0", "false"}, {"-a=f", "false"}, {"--all=False", "false"},
            {"--all=T", "true"}, {"-a=1", "true"}, {"--all", "true"}}) {
            try (FakeDaemon d = new FakeDaemon(r -> FakeDaemon.json(200, "[]"))) {
                CliContext ctx = new CliContext(new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8), new ByteArrayInputStream(new byte[0]),
                        Map.of("DOCKER_HOST", d.host()));
                assertThat(Main.run(new String[] {"ps", line[0]}, ctx)).as(line[0]).isZero();
                assertThat(d.requests.get(0).target().contains("all=1")).as(line[0]).isEqualTo(Boolean.parseBoolean(line[1]));
            }
        }
        out.reset();
        err.reset();
        refused(125, flag("invalid argument \"yes\" for \"-a, --all\" flag: strconv.ParseBool: parsing \"yes\": "
                + "invalid syntax", "berth ps [OPTIONS]", "berth ps"), "ps", "--all=yes");
    }

    @Test
    void boolFlag_givenAnEmptyValue_isRefusedAsPflagRefusesIt() {
        String empty = "invalid argument \"\" for \"-a, --all\" flag: strconv.ParseBool: parsing \"\": invalid syntax";
        refused(125, flag(empty, "berth ps [OPTIONS]", "berth ps"), "ps", "--all=");
        err.reset();
        refused(125, flag("unknown shorthand flag: '=' in -=", "berth ps [OPTIONS]", "berth ps"), "ps", "-qa=");
        err.reset();
        refused(125, flag("invalid argument \"\" for \"--rm\" flag: strconv.ParseBool: parsing \"\": invalid syntax",
                "berth run [OPTIONS] IMAGE [COMMAND] [ARG...]", "berth run"), "run", "--rm=", "img");
        err.reset();
        // an unknown flag before it is what docker's parser meets first; a flag's value is not a flag
        refused(125, flag("unknown flag: --nosuch", "berth ps [OPTIONS]", "berth ps"), "ps", "--nosuch", "--all=");
        err.reset();
        refused(125, flag("unknown flag: --nosuch", "berth ps [OPTIONS]", "berth ps"), "ps", "--nosuch", "-n", "x");
        err.reset();
        assertThat(berth("ps", "--format", "--all=")).isEqualTo(1);  // the template's text: read, then no daemon
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("Cannot connect to the Docker daemon");
    }

    @Test
    void goIntFlags_are64Bit_andUnsignedFlagsTakeNoSign() {
        for (String[] line : new String[][] {{"ps", "-n", "3000000000"}, {"stop", "-t", "3000000000", "a"},
            {"run", "--oom-score-adj", "3000000000", "img"}, {"create", "--stop-timeout", "3000000000", "img"},
            {"run", "--health-retries", "3000000000", "img"}, {"run", "--blkio-weight", "65535", "img"}}) {
            err.reset();
            berth(line);  // read; then no daemon (run says so with its usage hint, exit 125, as docker's)
            assertThat(err.toString(StandardCharsets.UTF_8)).as(String.join(" ", line))
                    .doesNotContain("invalid argument").contains("Cannot connect");
        }
        String run = "berth run [OPTIONS] IMAGE [COMMAND] [ARG...]";
        err.reset();
        refused(125, flag("invalid argument \"70000\" for \"--blkio-weight\" flag: strconv.ParseUint: parsing \"70000\": "
                + "value out of range", run, "berth run"), "run", "--blkio-weight", "70000", "img");
        err.reset();
        refused(125, flag("invalid argument \"-1\" for \"--io-maxiops\" flag: strconv.ParseUint: parsing \"-1\": "
                + "invalid syntax", run, "berth run"), "run", "--io-maxiops", "-1", "img");
        assertThat(GoInts.parseUnsigned("0xffff", 16)).isEqualTo(65535);
        assertThat(GoInts.unsignedReason("+1", 16)).isEqualTo(GoInts.SYNTAX);
    }

    @Test
    void time_isItsOwnDeprecatedFlag() {
        String use = "berth stop [OPTIONS] CONTAINER [CONTAINER...]";
        refused(125, flag("invalid argument \"x\" for \"--time\" flag: strconv.ParseInt: parsing \"x\": invalid syntax",
                use, "berth stop"), "stop", "--time", "x", "a");
        err.reset();
        assertThat(berth("restart", "--time", "5", "-t", "3", "a")).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("Flag --time has been deprecated, use --timeout instead\n");
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("conflicting options: cannot specify both --timeout and --time\n");
    }

    @Test
    void commandsOwnRefusals_inDockersWords() {
        refused(1, "open nosuch-file: no such file or directory\n", "import", "nosuch-file", "repo", "extra");
        err.reset();
        refused(1, "unknown type: \"bogus\": must be one of \"config\", \"container\", \"image\", \"network\", "
                + "\"node\", \"plugin\", \"secret\", \"service\", \"task\", \"volume\"\n", "inspect", "--type", "bogus", "x");
        err.reset();
        refused(1, "failed to parse value as time or duration: \"x\"\n", "events", "--since", "x");
        err.reset();
        refused(1, "parsing time \"2020-13-01\": month out of range\n", "events", "--since", "2020-13-01");
        err.reset();
        refused(1, "parsing time \"2020-1-01\" as \"2006-01-02\": cannot parse \"1-01\" as \"01\"\n",
                "events", "--until", "2020-1-01");
        err.reset();
        refused(125, flag("invalid argument \"kernel.foo=1\" for \"--sysctl\" flag: sysctl 'kernel.foo=1' is not allowed",
                "berth run [OPTIONS] IMAGE [COMMAND] [ARG...]", "berth run"), "run", "--sysctl", "kernel.foo=1", "img");
    }
}
