package dev.berth.cli;

import java.util.Map;
import java.util.Stack;
import picocli.CommandLine.IParameterPreprocessor;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * A boolean flag given an empty value, which picocli reads as false and the docker CLI refuses:
 * {@code --all=} is {@code strconv.ParseBool: parsing "": invalid syntax}, and {@code -a=} is an
 * unknown shorthand flag {@code '='}. Before a command's arguments are parsed, each such argument
 * gets a value the boolean converter refuses ({@link #LONG} or {@link #SHORT}), so picocli reports
 * it where it stands among the other arguments and {@link UsageErrors} words it as docker does.
 * Values of flags that take one are skipped, as is everything after {@code --}, after a group's
 * subcommand, and after the first positional of a command that stops there (run's IMAGE).
 */
final class EmptyBooleans implements IParameterPreprocessor {
    /** The value {@code --flag=} is given. */
    static final String LONG = "\u0000empty";
    /** The value {@code -f=} is given. */
    static final String SHORT = "\u0000short";

    private final boolean stopAtPositional;

    EmptyBooleans(boolean stopAtPositional) {
        this.stopAtPositional = stopAtPositional;
    }

    @Override
    public boolean preprocess(Stack<String> args, CommandSpec spec, ArgSpec argSpec, Map<String, Object> info) {
        boolean group = !spec.subcommands().isEmpty();
        for (int i = args.size() - 1; i >= 0; i--) {  // the top of the stack is the next argument
            String a = args.get(i);
            if (a.equals("--")) break;
            if (a.length() < 2 || a.charAt(0) != '-') {
                if (group || stopAtPositional) break;
                continue;
            }
            if (a.startsWith("--")) {
                int eq = a.indexOf('=');
                OptionSpec option = spec.findOption(eq > 0 ? a.substring(0, eq) : a);
                if (option == null) continue;
                if (isBoolean(option)) {
                    if (eq == a.length() - 1) args.set(i, a + LONG);
                } else if (eq < 0 && option.arity().min() > 0) {
                    i--;  // its value
                }
                continue;
            }
            for (int c = 1; c < a.length(); c++) {
                OptionSpec option = spec.findOption(a.charAt(c));
                if (option == null) break;
                if (!isBoolean(option)) {
                    if (c == a.length() - 1 && option.arity().min() > 0) i--;  // its value is the next argument
                    break;
                }
                if (c + 1 < a.length() && a.charAt(c + 1) == '=') {
                    if (c + 2 == a.length()) args.set(i, a + SHORT);
                    break;  // -a=true: a value
                }
            }
        }
        return false;
    }

    private static boolean isBoolean(OptionSpec option) {
        Class<?> type = option.type();
        return type == boolean.class || type == Boolean.class;
    }
}
