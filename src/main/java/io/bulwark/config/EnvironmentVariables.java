package io.bulwark.config;

import java.util.regex.Pattern;

/** Reads keys that name an environment variable ({@code env}, {@code password-env}); the variable's value is never echoed. */
final class EnvironmentVariables {

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private EnvironmentVariables() {
    }

    /** The variable name written at {@code node}, checked to be a name and not, by mistake, a secret value. */
    static String name(ConfigNode node) {
        String name = node.text().strip();
        if (!NAME.matcher(name).matches()) {
            // Not echoed: someone who wrote the secret itself here must not see it copied into logs.
            throw node.error("is not an environment variable name",
                    "write the variable's name (letters, digits and `_`, not starting with a digit), not its value");
        }
        return name;
    }
}
