package dev.berth.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * A bad command line, worded and coded as the docker CLI words it: flag errors ({@code unknown flag},
 * {@code flag needs an argument}, {@code invalid argument … for … flag} in Go's strconv wording) exit
 * 125; a wrong number of arguments and an unknown subcommand exit 1. Each message ends with the
 * command's docker-style usage line, derived from its picocli positionals unless {@link #USE} names it.
 */
public final class UsageErrors {
    private UsageErrors() {}

    private static final String ROOT_USE = "[OPTIONS] COMMAND [ARG...]";

    /**
     * Usage lines derivation cannot produce (positionals whose docker labels differ from the picocli
     * ones, or [OPTIONS] where docker leaves it out); by path without "berth", then, for the container
     * and image groups' commands, by the top-level command's name. {root} stands for the program name (docker writes "docker cp" there even for "container cp").
     */
    private static final Map<String, String> USE = Map.ofEntries(
            Map.entry("run", "[OPTIONS] IMAGE [COMMAND] [ARG...]"),
            Map.entry("create", "[OPTIONS] IMAGE [COMMAND] [ARG...]"),
            Map.entry("exec", "[OPTIONS] CONTAINER COMMAND [ARG...]"),
            Map.entry("top", "CONTAINER [ps OPTIONS]"),
            Map.entry("cp", "[OPTIONS] CONTAINER:SRC_PATH DEST_PATH|-\n\t{root} cp [OPTIONS] SRC_PATH|- CONTAINER:DEST_PATH"),
            Map.entry("build", "[OPTIONS] PATH | URL | -"),
            Map.entry("import", "[OPTIONS] file|URL|- [REPOSITORY[:TAG]]"),
            Map.entry("container inspect", "[OPTIONS] CONTAINER [CONTAINER...]"),
            Map.entry("image inspect", "[OPTIONS] IMAGE [IMAGE...]"),
            Map.entry("network rm", "NETWORK [NETWORK...]"),
            Map.entry("logout", "[SERVER]"),
            Map.entry("builder prune", ""),  // docker's usage line names no [OPTIONS] here
            Map.entry("context inspect", "[OPTIONS] [CONTEXT] [CONTEXT...]"),
            Map.entry("volume", "COMMAND"));  // the one group whose usage line docker writes with COMMAND

    /** docker's argument-count rule where it differs from the picocli positionals: min, max (-1: any). */
    private static final Map<String, int[]> ARITY = Map.of(
            "stats", new int[] {0, -1},
            "import", new int[] {1, -1},
            "top", new int[] {1, -1},
            "exec", new int[] {2, -1});

    /** Prints the error {@code ex} stands for and returns its exit code. */
    static int report(ParameterException ex, String[] args, PrintStream err) {
        CommandLine cl = ex.getCommandLine();
        CommandSpec spec = cl.getCommandSpec();
        if (ex instanceof UnmatchedArgumentException unmatched) {
            List<String> rest = unmatched.getUnmatched();
            for (String arg : rest) {
                if (arg.equals("--")) break;
                if (arg.length() > 1 && arg.startsWith("-")) {
                    return flagError(spec, unknownFlag(spec, arg), err);
                }
            }
            if (!cl.getSubcommands().isEmpty()) {
                return unknownCommand(spec, rest.isEmpty() ? "" : rest.get(0), err);
            }
            return arityError(spec, err);
        }
        if (ex instanceof MissingParameterException missing) {
            // picocli checks the positionals before it reports what it did not match; docker the other way round
            for (String arg : cl.getUnmatchedArguments()) {
                if (arg.equals("--")) break;
                if (arg.length() > 1 && arg.startsWith("-")) {
                    return flagError(spec, unknownFlag(spec, arg), err);
                }
            }
            for (ArgSpec a : missing.getMissing()) {
                if (a instanceof OptionSpec option) {
                    return flagError(spec, "flag needs an argument: " + spelled(option, args), err);
                }
            }
            return arityError(spec, err);
        }
        if (ex instanceof CommandLine.MaxValuesExceededException) {
            return arityError(spec, err);
        }
        ArgSpec arg = ex.getArgSpec();
        if (arg instanceof OptionSpec option && ex.getValue() != null) {
            // an unknown flag before the bad value is what docker's parser meets first
            for (String a : cl.getUnmatchedArguments()) {
                if (a.equals("--")) break;
                if (a.length() > 1 && a.startsWith("-")) return flagError(spec, unknownFlag(spec, a), err);
            }
            // -a= : pflag gives a boolean shorthand no value from "=" and reads '=' as the next flag
            if (ex.getValue().equals(EmptyBooleans.SHORT)) return flagError(spec, "unknown shorthand flag: '=' in -=", err);
            String value = ex.getValue().equals(EmptyBooleans.LONG) ? "" : ex.getValue();
            return flagError(spec, "invalid argument \"" + value + "\" for \"" + label(option) + "\" flag: "
                    + conversion(option, value, ex.getMessage()), err);
        }
        // a global option's own refusal: docker prints the message alone and exits 1 (a log level);
        // a docker feature berth lacks (a context, TLS) stays a usage error, 125
        err.println(ex.getMessage());
        return ex.getMessage().contains("not supported by berth") ? 125 : 1;
    }

    /** {@code unknown flag: --x} or {@code unknown shorthand flag: 'x' in -x…}, as pflag words them. */
    private static String unknownFlag(CommandSpec spec, String arg) {
        if (arg.startsWith("--")) {
            int eq = arg.indexOf('=');
            return "unknown flag: " + (eq > 0 ? arg.substring(0, eq) : arg);
        }
        for (int i = 1; i < arg.length(); i++) {
            char c = arg.charAt(i);
            OptionSpec option = spec.findOption(c);
            if (option == null || c == '=') {
                return "unknown shorthand flag: '" + c + "' in -" + arg.substring(i);
            }
            if (option.arity().min() > 0) break;  // the rest is its value
        }
        return "unknown shorthand flag: '" + arg.charAt(1) + "' in " + arg;
    }

    /** How the user wrote an option that lacks its value: {@code --filter}, or {@code 'f' in -f}. */
    private static String spelled(OptionSpec option, String[] args) {
        for (int i = args.length - 1; i >= 0; i--) {
            String a = args[i];
            if (a.startsWith("--")) {
                if (List.of(option.names()).contains(a)) return a;
            } else if (a.length() > 1 && a.startsWith("-")) {
                char c = a.charAt(a.length() - 1);
                if (List.of(option.names()).contains("-" + c)) return "'" + c + "' in -" + c;
            }
        }
        return option.longestName();
    }

    /** pflag's name for a flag in its errors: {@code -n, --last}, or {@code --since}. */
    private static String label(OptionSpec option) {
        String shortName = null;
        String longName = null;
        for (String n : option.names()) {
            if (n.startsWith("--")) {
                if (longName == null) longName = n;
            } else if (n.length() == 2 && shortName == null) {
                shortName = n;
            }
        }
        if (longName == null) return shortName;
        return shortName == null ? longName : shortName + ", " + longName;
    }

    /** Go's parse error for the flag's type. */
    private static String conversion(OptionSpec option, String value, String picocliMessage) {
        Class<?> type = option.auxiliaryTypes().length > 0 ? option.auxiliaryTypes()[0] : option.type();
        String quoted = "\"" + value + "\"";
        int unsigned = GoInts.unsignedBits(option.converters());
        if (unsigned > 0) {
            String reason = GoInts.unsignedReason(value, unsigned);
            return "strconv.ParseUint: parsing " + quoted + ": " + (reason == null ? GoInts.SYNTAX : reason);
        }
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            boolean wide = type == long.class || type == Long.class;
            String reason = GoInts.reason(value, wide ? Long.MIN_VALUE : Integer.MIN_VALUE,
                    wide ? Long.MAX_VALUE : Integer.MAX_VALUE);
            return "strconv.ParseInt: parsing " + quoted + ": " + (reason == null ? GoInts.SYNTAX : reason);
        }
        if (type == boolean.class || type == Boolean.class) {
            return "strconv.ParseBool: parsing " + quoted + ": invalid syntax";
        }
        if (type == double.class || type == Double.class || type == float.class || type == Float.class) {
            return "strconv.ParseFloat: parsing " + quoted + ": invalid syntax";
        }
        if (type == java.time.Duration.class) {
            return "time: invalid duration " + quoted;
        }
        return picocliMessage;
    }

    private static int flagError(CommandSpec spec, String message, PrintStream err) {
        err.println(message);
        err.println();
        err.println("Usage:  " + useLine(spec));
        err.println();
        err.println("Run '" + path(spec) + " --help' for more information");
        return 125;
    }

    private static int unknownCommand(CommandSpec spec, String name, PrintStream err) {
        err.println(root(spec) + ": unknown command: " + path(spec) + " " + name);
        err.println();
        if (spec.parent() != null) {
            err.println("Usage:  " + useLine(spec));
            err.println();
        }
        err.println("Run '" + path(spec) + " --help' for more information");
        return 1;
    }

    /** docker's argument-count errors: which rule the command has decides the words (and See/Run). */
    private static int arityError(CommandSpec spec, PrintStream err) {
        int[] arity = arity(spec);
        int min = arity[0];
        int max = arity[1];
        String path = path(spec);
        String head = root(spec) + ": '" + path + "' ";
        String hint = "Run";
        String words;
        if (max == 0) {
            words = "accepts no arguments";
        } else if (min == max) {
            words = "requires " + min + " " + arguments(min);
        } else if (max < 0) {
            words = "requires at least " + min + " " + arguments(min);
            hint = "See";
        } else if (min == 0) {
            words = "requires at most " + max + " " + arguments(max);
            hint = "SRun";  // sic: the docker CLI's own spelling
        } else {
            words = "requires at least " + min + " and at most " + max + " " + arguments(max);
        }
        err.println(head + words);
        err.println();
        err.println("Usage:  " + useLine(spec));
        err.println();
        err.println(hint + " '" + path + " --help' for more information");
        return 1;
    }

    private static String arguments(int n) {
        return n == 1 ? "argument" : "arguments";
    }

    /** The fewest and most positionals the command takes (-1: no limit). */
    static int[] arity(CommandSpec spec) {
        int[] fixed = ARITY.get(lookup(ARITY, key(spec)));
        if (fixed != null) return fixed;
        int min = 0;
        int max = 0;
        for (PositionalParamSpec p : spec.positionalParameters()) {
            min += p.arity().min();
            if (max < 0 || p.arity().isVariable() || p.index().isVariable()) {
                max = -1;
            } else {
                max += p.arity().max();
            }
        }
        return new int[] {min, max};
    }

    /** {@code berth ps [OPTIONS]}, as docker's usage line for the command. */
    public static String useLine(CommandSpec spec) {
        if (spec.parent() == null) return path(spec) + " " + ROOT_USE;
        String use = USE.get(lookup(USE, key(spec)));
        if (!spec.subcommands().isEmpty()) return use == null ? path(spec) : path(spec) + " " + use;
        if (use == null) use = derivedUse(spec);
        return use.isEmpty() ? path(spec) : path(spec) + " " + use.replace("{root}", root(spec));
    }

    private static String derivedUse(CommandSpec spec) {
        StringBuilder use = new StringBuilder();
        for (OptionSpec option : spec.options()) {
            if (!option.usageHelp() && !option.hidden()) {
                use.append("[OPTIONS]");
                break;
            }
        }
        for (PositionalParamSpec p : spec.positionalParameters()) {
            if (p.hidden()) continue;
            String label = p.paramLabel();
            boolean many = p.arity().isVariable() || p.index().isVariable();
            if (use.length() > 0) use.append(' ');
            if (!many) {
                use.append(p.arity().min() == 0 ? "[" + label + "]" : label);
            } else if (p.arity().min() == 0) {
                use.append('[').append(label).append("...]");
            } else {
                use.append(label).append(" [").append(label).append("...]");
            }
        }
        return use.toString();
    }

    /** {@code key}, or for {@code container run} and {@code image import} the top-level {@code run}, {@code import}. */
    private static String lookup(Map<String, ?> table, String key) {
        if (table.containsKey(key)) return key;
        return key.replaceFirst("^(container|image) ", "");
    }

    /** The command's path without the program name: {@code container ls}. */
    private static String key(CommandSpec spec) {
        String path = path(spec);
        int space = path.indexOf(' ');
        return space < 0 ? "" : path.substring(space + 1);
    }

    /** {@code berth container ls}: each command by the name it was added under, not an alias typed. */
    public static String path(CommandSpec spec) {
        CommandSpec parent = spec.parent();
        if (parent == null) return spec.name();
        String name = spec.name();
        for (Map.Entry<String, CommandLine> sub : parent.subcommands().entrySet()) {
            if (sub.getValue().getCommandSpec() == spec) {
                name = sub.getKey();
                break;
            }
        }
        return path(parent) + " " + name;
    }

    private static String root(CommandSpec spec) {
        CommandSpec s = spec;
        while (s.parent() != null) s = s.parent();
        return s.name();
    }
}
