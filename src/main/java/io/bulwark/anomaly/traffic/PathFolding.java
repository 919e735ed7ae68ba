package io.bulwark.anomaly.traffic;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Turns a concrete path into its operation template by folding the segments that are identifiers: integers, UUIDs,
 * hexadecimal ids, mixed letters and digits, and long opaque tokens become {@code {id}}; words stay. So
 * {@code /bank/v1/accounts/acc-7f3a91c2/balances} is {@code /bank/v1/accounts/{id}/balances}, and its folded value
 * is the field {@code path.accounts} (named after the literal segment before it).
 */
public final class PathFolding {

    /** What a folded segment is replaced with in the template. */
    public static final String PLACEHOLDER = "{id}";

    private static final Pattern INTEGER = Pattern.compile("[0-9]+");
    private static final Pattern UUID = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern HEX = Pattern.compile("(0x)?[0-9a-fA-F]{8,}");
    private static final Pattern SEPARATORS = Pattern.compile("[-_:]");
    private static final Pattern HEX_PART = Pattern.compile("[0-9a-fA-F]{6,}");
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_~=.-]{24,}");
    private static final Pattern WORDISH = Pattern.compile("[A-Za-z0-9_.~-]+");
    private static final int MAX_SEGMENTS = 32;

    private PathFolding() {
    }

    /** A path's template and the values folded out of it. */
    public record FoldedPath(String template, List<Segment> folded) {

        public FoldedPath {
            folded = List.copyOf(folded);
        }
    }

    /**
     * One folded segment.
     *
     * @param name  the field name, {@code path.<literal before it>} or {@code path.<index>} when none precedes it
     * @param value the segment as it was (still percent-encoded)
     */
    public record Segment(String name, String value) {
    }

    /** Folds the path of {@code pathAndQuery} (the query, if any, is ignored). */
    public static FoldedPath fold(String pathAndQuery) {
        int query = pathAndQuery.indexOf('?');
        String path = query >= 0 ? pathAndQuery.substring(0, query) : pathAndQuery;
        String[] parts = path.split("/", -1);
        StringBuilder template = new StringBuilder(path.length());
        List<Segment> folded = new ArrayList<>();
        String previousLiteral = null;
        int count = 0;
        for (int i = 1; i < parts.length; i++) {
            String part = parts[i];
            template.append('/');
            if (++count > MAX_SEGMENTS) {
                template.append("{rest}");
                folded.add(new Segment("path.rest", String.join("/", java.util.Arrays.copyOfRange(parts, i, parts.length))));
                break;
            }
            if (isIdentifier(part)) {
                template.append(PLACEHOLDER);
                folded.add(new Segment("path." + (previousLiteral == null ? Integer.toString(i) : previousLiteral), part));
            } else {
                template.append(part);
                previousLiteral = part;
            }
        }
        return new FoldedPath(template.isEmpty() ? "/" : template.toString(), folded);
    }

    /** True for the segments that name an object rather than a resource: ids, not words. */
    public static boolean isIdentifier(String segment) {
        if (segment.isEmpty()) {
            return false;
        }
        if (INTEGER.matcher(segment).matches() || UUID.matcher(segment).matches() || TOKEN.matcher(segment).matches()) {
            return true;
        }
        if (HEX.matcher(segment).matches() && segment.chars().anyMatch(Character::isDigit)) {
            return true;
        }
        // A prefixed id (acc-7f3a91c2, user_12345, INV-2024-001): any part after the first that is an id by itself.
        String[] parts = SEPARATORS.split(segment);
        for (int i = 1; i < parts.length; i++) {
            String part = parts[i];
            if (INTEGER.matcher(part).matches() && part.length() >= 2 || HEX_PART.matcher(part).matches()
                    && (part.length() >= 8 || part.chars().anyMatch(Character::isDigit))) {
                return true;
            }
        }
        if (!WORDISH.matcher(segment).matches() || segment.length() < 6) {
            return false;
        }
        // Mixed letters and digits (acc-7f3a91c2, INV2024001): an id; a word with one version digit (v1, oauth2) stays,
        // as does a file name (3.gif, index.jsp), whose extension is the resource's kind.
        if (segment.lastIndexOf('.') > 0 && segment.lastIndexOf('.') >= segment.length() - 5) {
            return false;
        }
        long digits = segment.chars().filter(Character::isDigit).count();
        long letters = segment.chars().filter(Character::isLetter).count();
        return digits >= 2 && letters >= 1;
    }
}
