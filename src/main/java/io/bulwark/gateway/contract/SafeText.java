package io.bulwark.gateway.contract;

import java.util.regex.Pattern;

/**
 * Names a caller chose (an undeclared query parameter, an unknown property) go into problem
 * details only when they are plain identifiers; anything else is described, not repeated.
 */
final class SafeText {

    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_.~$@:-]{1,64}");

    private SafeText() {
    }

    /** {@code name} quoted if it is a plain identifier, else a description. */
    static String name(String name) {
        return PLAIN.matcher(name).matches() ? "'" + name + "'" : "(a name with unusual characters, not repeated here)";
    }

    /** A JSON Pointer with each caller-chosen token that is not plain replaced by {@code *}. */
    static String pointer(String pointer) {
        if (pointer.isEmpty()) {
            return "/";
        }
        StringBuilder safe = new StringBuilder();
        for (String token : pointer.substring(1).split("/", -1)) {
            safe.append('/').append(PLAIN.matcher(token).matches() ? token : "*");
        }
        return safe.toString();
    }
}
