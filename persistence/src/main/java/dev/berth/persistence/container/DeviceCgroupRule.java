package dev.berth.persistence.container;

import dev.berth.spi.EngineException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code --device-cgroup-rule 'c 42:* rmw'}: an extra allow rule of the devices cgroup.
 *
 * @param type   {@code a} (all), {@code b} (block) or {@code c} (character)
 * @param major  the major number; -1 for {@code *}
 * @param minor  the minor number; -1 for {@code *}
 * @param access some of {@code r}, {@code w} and {@code m}
 */
public record DeviceCgroupRule(String type, long major, long minor, String access) {
    // dockerd's grammar for the rule
    private static final Pattern RULE = Pattern.compile("^([acb]) ([0-9]+|\\*):([0-9]+|\\*) ([rwm]{1,3})$");

    public DeviceCgroupRule {
        if (!type.matches("[acb]") || !access.matches("[rwm]{1,3}") || major < -1 || minor < -1) {
            throw EngineException.invalid("invalid device cgroup rule format: '" + type + " " + number(major) + ":"
                    + number(minor) + " " + access + "'");
        }
    }

    /** The rule as Docker writes it, checked with dockerd's message. */
    public static DeviceCgroupRule parse(String rule) {
        Matcher m = RULE.matcher(rule == null ? "" : rule);
        if (!m.matches()) {
            throw EngineException.invalid("invalid device cgroup rule format: '" + rule + "'");
        }
        return new DeviceCgroupRule(m.group(1), number(m.group(2), "major", rule), number(m.group(3), "minor", rule),
                m.group(4));
    }

    /** Docker's text form, as inspect shows it. */
    public String text() {
        return type + " " + number(major) + ":" + number(minor) + " " + access;
    }

    private static long number(String value, String which, String rule) {
        if (value.equals("*")) {
            return -1;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw EngineException.invalid("invalid " + which + " value in device cgroup rule format: '" + rule + "'");
        }
    }

    private static String number(long n) {
        return n < 0 ? "*" : Long.toString(n);
    }
}
