package dev.berth.dockerfile;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.berth.dockerfile.Instruction.Healthcheck;
import dev.berth.dockerfile.Instruction.Source;

/** HEALTHCHECK NONE, or HEALTHCHECK [flags] CMD in either form (shell form becomes CMD-SHELL). */
final class HealthcheckParser {

    private HealthcheckParser() {
    }

    static Healthcheck parse(Node node, Source source, BuilderFlags flags) {
        List<String> args = node.args();
        if (args.isEmpty()) {
            throw Instructions.atLeastOne("HEALTHCHECK");
        }
        String type = args.get(0).toUpperCase(Locale.ROOT);
        List<String> rest = args.subList(1, args.size());
        if (type.equals("NONE")) {
            if (!rest.isEmpty()) {
                throw new DockerfileException("HEALTHCHECK NONE takes no arguments");
            }
            return new Healthcheck(source, List.of("NONE"), Duration.ZERO, Duration.ZERO, Duration.ZERO,
                    Duration.ZERO, 0);
        }
        flags.string("interval").string("timeout").string("start-period").string("start-interval")
                .string("retries").parse();
        if (!type.equals("CMD")) {
            throw new DockerfileException("Unknown type \"" + type + "\" in HEALTHCHECK (try CMD)");
        }
        if (rest.isEmpty() || (!node.json() && rest.get(0).isEmpty())) {
            throw new DockerfileException("Missing command after HEALTHCHECK CMD");
        }
        List<String> test = new ArrayList<>();
        test.add(node.json() ? "CMD" : "CMD-SHELL");
        test.addAll(rest);
        Duration interval = Instructions.interval("interval", flags.value("interval"));
        Duration timeout = Instructions.interval("timeout", flags.value("timeout"));
        Duration startPeriod = Instructions.interval("start-period", flags.value("start-period"));
        Duration startInterval = Instructions.interval("start-interval", flags.value("start-interval"));
        int retries = 0;
        if (flags.value("retries").isPresent() && !flags.value("retries").get().isEmpty()) {
            String value = flags.value("retries").get();
            long parsed;
            try {
                parsed = Long.parseLong(value);
            } catch (NumberFormatException e) {
                throw new DockerfileException("strconv.ParseInt: parsing \"" + value + "\": invalid syntax");
            }
            if (parsed < 0) {
                throw new DockerfileException("--retries cannot be negative (" + parsed + ")");
            }
            retries = (int) parsed;
        }
        return new Healthcheck(source, test, interval, timeout, startPeriod, startInterval, retries);
    }
}
