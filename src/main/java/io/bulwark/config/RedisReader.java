package io.bulwark.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.regex.Pattern;

/** Reads {@code redis}: the URL of the server nodes share, its password variable, the key prefix and the command timeout. */
final class RedisReader {

    private static final Pattern KEY_PREFIX = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final String URL_FIX = "write `redis://host:port` (or `rediss://host:port` for TLS), optionally with `/db`; "
            + "put the password in the variable named by `password-env`, never in the URL";

    private RedisReader() {
    }

    static RedisConfig read(ConfigNode node) {
        node.map("url", "password-env", "key-prefix", "timeout");
        ConfigNode urlNode = node.get("url").required("the server's URL, for example `redis://redis.internal:6379`");
        URI url = url(urlNode);
        String password = null;
        ConfigNode passwordNode = node.get("password-env");
        if (!passwordNode.isAbsent()) {
            String name = EnvironmentVariables.name(passwordNode);
            password = node.source().environment().get(name);
            if (password == null || password.isEmpty()) {
                throw passwordNode.error("environment variable `" + name + "` is not set",
                        "set " + name + " to the Redis password before starting, or remove `password-env` if Redis needs none");
            }
        }
        String prefix = RedisConfig.DEFAULT_KEY_PREFIX;
        ConfigNode prefixNode = node.get("key-prefix");
        if (!prefixNode.isAbsent()) {
            prefix = prefixNode.text().strip();
            if (!KEY_PREFIX.matcher(prefix).matches()) {
                throw prefixNode.error("`" + prefix + "` is not a valid key prefix",
                        "use up to 64 letters, digits, `.`, `_` and `-`, for example `bulwark-prod`");
            }
        }
        Duration timeout = Durations.read(node.get("timeout"), RedisConfig.DEFAULT_TIMEOUT, Duration.ofMillis(10),
                Duration.ofSeconds(10), "while Redis is slow, every request waits this long before the node falls back to local limits");
        return new RedisConfig(url, password, prefix, timeout);
    }

    private static URI url(ConfigNode node) {
        String text = node.text().strip();
        URI url;
        try {
            url = new URI(text);
        } catch (URISyntaxException e) {
            throw node.error("is not a URL", URL_FIX);
        }
        if (!"redis".equals(url.getScheme()) && !"rediss".equals(url.getScheme())) {
            throw node.error("must start with `redis://` or `rediss://`", URL_FIX);
        }
        if (url.getRawUserInfo() != null) {
            // Not echoed: the user info may hold the password.
            throw node.error("carries credentials", URL_FIX);
        }
        if (url.getHost() == null || url.getRawQuery() != null || url.getRawFragment() != null) {
            throw node.error("`" + text + "` needs a host and no query or fragment", URL_FIX);
        }
        String path = url.getRawPath();
        if (path != null && !path.isEmpty() && !path.matches("/\\d{1,2}")) {
            throw node.error("`" + text + "` has a path that is not a database number", URL_FIX);
        }
        return url;
    }
}
