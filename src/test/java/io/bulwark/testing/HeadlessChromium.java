package io.bulwark.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * A real browser for tests: Debian's headless Chromium driven through chromedriver's W3C WebDriver
 * HTTP API, from the JDK HttpClient. Nothing is downloaded at test time; where Chromium or
 * chromedriver is missing the calling test is skipped with the reason, or fails under {@code CI=true}.
 */
public final class HeadlessChromium implements AutoCloseable {

    /** W3C WebDriver §12: the key under which an element reference is returned. */
    private static final String ELEMENT = "element-6066-11e4-a52e-4f735466cecf";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(15);

    private final Process driver;
    private final String base;
    private final HttpClient http = HttpClient.newHttpClient();
    private final String session;

    /** Starts chromedriver and a headless Chromium session that accepts the dev CA's certificates. */
    public static HeadlessChromium start(Path logDir) {
        Path chromium = require("chromium");
        Path chromedriver = require("chromedriver");
        int port = FreePorts.next();
        try {
            Files.createDirectories(logDir);
            Process process = new ProcessBuilder(chromedriver.toString(), "--port=" + port)
                    .redirectErrorStream(true).redirectOutput(logDir.resolve("chromedriver.log").toFile()).start();
            HeadlessChromium browser = null;
            try {
                awaitReady(port);
                browser = new HeadlessChromium(process, "http://127.0.0.1:" + port, chromium);
                return browser;
            } finally {
                if (browser == null) {
                    process.destroy();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + chromedriver, e);
        }
    }

    private HeadlessChromium(Process driver, String base, Path chromium) {
        this.driver = driver;
        this.base = base;
        this.session = newSession(chromium);
    }

    /** Skips the calling test when {@code command} is not installed; fails it instead under CI=true. */
    private static Path require(String command) {
        // The PATH first, as .ci/run looks for it (`command -v`), then where Debian puts it.
        List<String> dirs = new java.util.ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)));
        dirs.addAll(List.of("/usr/bin", "/usr/local/bin", "/usr/lib/chromium"));
        Optional<Path> found = dirs.stream().filter(dir -> !dir.isBlank())
                .map(dir -> Path.of(dir, command)).filter(Files::isExecutable).findFirst();
        if (found.isEmpty()) {
            String reason = command + " is not installed (apt-get install -y chromium chromium-driver)";
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError(reason + "; under CI=true the browser test must run");
            }
            Assumptions.abort(reason + ": skipping the real-browser test");
        }
        return found.get();
    }

    private static void awaitReady(int port) {
        HttpClient client = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plus(WAIT);
        while (Instant.now().isBefore(deadline)) {
            try {
                HttpResponse<String> status = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/status")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (JSON.readTree(status.body()).path("value").path("ready").asBoolean()) {
                    return;
                }
            } catch (IOException e) {
                // Not listening yet.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
            sleep();
        }
        throw new AssertionError("chromedriver did not become ready within " + WAIT);
    }

    private String newSession(Path chromium) {
        ObjectNode options = JSON.createObjectNode();
        options.put("binary", chromium.toString());
        // --no-sandbox: CI containers run as root, where Chromium's sandbox cannot start.
        options.putArray("args").add("--headless=new").add("--no-sandbox").add("--disable-dev-shm-usage")
                .add("--window-size=900,1300").add("--lang=en-GB");
        ObjectNode always = JSON.createObjectNode();
        always.put("browserName", "chrome");
        // The pages are served with the demo's development CA, which Chromium does not know.
        always.put("acceptInsecureCerts", true);
        always.set("goog:chromeOptions", options);
        ObjectNode capabilities = JSON.createObjectNode();
        capabilities.putObject("capabilities").set("alwaysMatch", always);
        return call("POST", "/session", capabilities).path("value").path("sessionId").asText();
    }

    public void navigate(String url) {
        ObjectNode body = JSON.createObjectNode().put("url", url);
        command("POST", "/url", body);
    }

    public String currentUrl() {
        return command("GET", "/url", null).asText();
    }

    public String title() {
        return command("GET", "/title", null).asText();
    }

    public String pageSource() {
        return command("GET", "/source", null).asText();
    }

    /** The element {@code css} selects; fails when there is none. */
    public String find(String css) {
        ObjectNode body = JSON.createObjectNode().put("using", "css selector").put("value", css);
        return command("POST", "/element", body).path(ELEMENT).asText();
    }

    public void type(String css, String text) {
        ObjectNode body = JSON.createObjectNode().put("text", text);
        command("POST", "/element/" + find(css) + "/value", body);
    }

    public void click(String css) {
        command("POST", "/element/" + find(css) + "/click", JSON.createObjectNode());
    }

    public boolean isSelected(String css) {
        return command("GET", "/element/" + find(css) + "/selected", null).asBoolean();
    }

    /** Waits until the current URL satisfies {@code condition}, and returns it. */
    public String awaitUrl(Predicate<String> condition) {
        Instant deadline = Instant.now().plus(WAIT);
        String url = currentUrl();
        while (!condition.test(url)) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("the browser stayed at " + url);
            }
            sleep();
            url = currentUrl();
        }
        return url;
    }

    /** Saves a PNG of the viewport to {@code file}. */
    public Path screenshot(Path file) {
        byte[] png = Base64.getDecoder().decode(command("GET", "/screenshot", null).asText());
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, png);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    @Override
    public void close() {
        try {
            call("DELETE", "/session/" + session, null);
        } finally {
            driver.destroy();
        }
    }

    private JsonNode command(String method, String path, JsonNode body) {
        return call(method, "/session/" + session + path, body).path("value");
    }

    private JsonNode call(String method, String path, JsonNode body) {
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body.toString());
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json").method(method, publisher).build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode json = JSON.readTree(response.body());
            if (response.statusCode() != 200) {
                throw new AssertionError("WebDriver " + method + " " + path + " failed: " + json.path("value").path("message").asText());
            }
            return json;
        } catch (IOException e) {
            throw new UncheckedIOException("WebDriver " + method + " " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
