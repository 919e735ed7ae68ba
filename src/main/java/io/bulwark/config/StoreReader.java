package io.bulwark.config;

import java.util.List;
import java.util.Locale;

/** Reads {@code store}: {@code embedded} (the default) or {@code postgres} with its URL, user and password variable. */
final class StoreReader {

    private static final List<String> KINDS = List.of("embedded", "postgres");
    private static final List<String> POSTGRES_ONLY = List.of("url", "username", "password-env");

    private StoreReader() {
    }

    static StoreConfig read(ConfigNode node) {
        if (node.isAbsent()) {
            return StoreConfig.embedded();
        }
        node.map("kind", "url", "username", "password-env");
        ConfigNode kindNode = node.get("kind").required("`embedded` (one node, H2 in the data folder) or `postgres` (several nodes)");
        String kind = kindNode.text().strip();
        return switch (kind) {
            case "embedded" -> embedded(node);
            case "postgres" -> postgres(node);
            default -> throw kindNode.error("unknown store kind `" + kind + "`", DidYouMean.fix(kind, KINDS));
        };
    }

    private static StoreConfig embedded(ConfigNode node) {
        for (String key : POSTGRES_ONLY) {
            if (!node.get(key).isAbsent()) {
                throw node.get(key).error("applies only to `kind: postgres`", "remove it, or set `kind: postgres`");
            }
        }
        return StoreConfig.embedded();
    }

    private static StoreConfig postgres(ConfigNode node) {
        ConfigNode urlNode = node.get("url").required("the JDBC URL, for example `jdbc:postgresql://db.internal:5432/bulwark`");
        // The URL is never echoed: an operator may have put credentials in it, which is exactly what is refused below.
        String url = urlNode.text().strip();
        if (!url.startsWith("jdbc:postgresql://") || url.length() == "jdbc:postgresql://".length()) {
            throw urlNode.error("must be a PostgreSQL JDBC URL starting with `jdbc:postgresql://`",
                    "write it like `jdbc:postgresql://db.internal:5432/bulwark`");
        }
        if (url.toLowerCase(Locale.ROOT).contains("password=")) {
            throw urlNode.error("carries a password",
                    "remove it from the URL and name the environment variable that holds it in `password-env`");
        }
        String username = node.get("username").required("the database user, for example `bulwark`").text().strip();
        ConfigNode passwordNode = node.get("password-env");
        String password = passwordNode.isAbsent() ? null : password(passwordNode);
        return new StoreConfig(StoreConfig.Kind.POSTGRES, url, username, password);
    }

    /** The password from the named variable; messages name the variable, never its value. */
    private static String password(ConfigNode node) {
        String name = EnvironmentVariables.name(node);
        String password = node.source().environment().get(name);
        if (password == null || password.isEmpty()) {
            throw node.error("environment variable `" + name + "` is not set",
                    "set " + name + " to the database password before starting, or remove `password-env` if the database needs none");
        }
        return password;
    }
}
