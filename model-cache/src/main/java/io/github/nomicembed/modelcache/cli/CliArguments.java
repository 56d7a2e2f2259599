package io.github.nomicembed.modelcache.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Parsed command line: a command, positional arguments and {@code --name value} options. */
final class CliArguments {

    /** A command line that cannot be understood (exit code 2). */
    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    private final String command;
    private final List<String> positional;
    private final Map<String, String> options;

    private CliArguments(String command, List<String> positional, Map<String, String> options) {
        this.command = command;
        this.positional = positional;
        this.options = options;
    }

    /**
     * @param allowedOptions option names (without {@code --}) that take a value
     * @param maxPositional  how many positional arguments the command accepts
     */
    static CliArguments parse(String command, List<String> args, Set<String> allowedOptions, int maxPositional)
            throws UsageException {
        List<String> positional = new ArrayList<>();
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.startsWith("--")) {
                String name = arg.substring(2);
                String value = null;
                int eq = name.indexOf('=');
                if (eq >= 0) {
                    value = name.substring(eq + 1);
                    name = name.substring(0, eq);
                }
                if (!allowedOptions.contains(name)) {
                    throw new UsageException("unknown option --" + name + " for '" + command + "'");
                }
                if (value == null) {
                    if (i + 1 >= args.size() || args.get(i + 1).startsWith("--")) {
                        throw new UsageException("option --" + name + " needs a value");
                    }
                    value = args.get(++i);
                }
                if (options.put(name, value) != null) {
                    throw new UsageException("option --" + name + " given twice");
                }
            } else {
                positional.add(arg);
            }
        }
        if (positional.size() > maxPositional) {
            throw new UsageException("unexpected argument '" + positional.get(maxPositional) + "' for '" + command
                    + "'");
        }
        return new CliArguments(command, List.copyOf(positional), Map.copyOf(options));
    }

    String command() {
        return command;
    }

    Optional<String> positional(int index) {
        return index < positional.size() ? Optional.of(positional.get(index)) : Optional.empty();
    }

    Optional<String> option(String name) {
        return Optional.ofNullable(options.get(name));
    }
}
