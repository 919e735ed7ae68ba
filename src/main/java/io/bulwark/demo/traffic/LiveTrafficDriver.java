package io.bulwark.demo.traffic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bulwark.demo.Demo;
import io.bulwark.demo.DemoEnvironment;
import io.bulwark.demo.DemoUser;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/**
 * Sends a scenario's traffic to a running demo over HTTPS, for real: partner clients registered in the demo, real
 * DPoP-bound tokens (client credentials for the catalogue; for users, the authorization-code flow through the sign-in
 * pages with the demo users' passwords and consent, refreshed as they expire), a payment consent with the TOTP step for
 * every payment (each code once, so at most one payment per user every 30 seconds: a normal payment is dropped while its
 * user waits for another, an attack's waits its turn), and the sign-in attacks posted to the
 * real sign-in page. Simulated time runs {@code speed} times faster than real time, at most {@code maxRate} requests a
 * second; each non-partner source address leaves from a loopback address of its own ({@link LoopbackNetworks}).
 */
public final class LiveTrafficDriver implements AutoCloseable {

    /** Told as the run goes. */
    public interface Listener {
        /** The first request of {@code attack} is about to be sent. */
        void attackStarted(Attack attack, Instant at);
    }

    static final String ACCOUNT_SCOPE = "accounts:read balances:read transactions:read payments:read products:read";
    static final String ACCOUNT_DETAILS = "[{\"type\":\"account_information\",\"actions\":[\"list_accounts\",\"read_balances\",\"read_transactions\"]}]";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_IN_FLIGHT = 16;

    private final LiveEndpoints endpoints;
    private final LoopbackNetworks networks;
    private final AuthorizationClient authorization;
    private final Population population;
    private final Map<String, PartnerCredentials> partners;
    private final Map<String, UserSignIn> users;
    private final Map<String, TokenSet> tokens = new ConcurrentHashMap<>();
    private final Map<String, String> lastPayment = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> waitingPayments = new ConcurrentHashMap<>();
    private final Map<String, SignInSession> signIns = new ConcurrentHashMap<>();
    private final List<String> failures = Collections.synchronizedList(new ArrayList<>());

    private LiveTrafficDriver(LiveEndpoints endpoints, Population population, Map<String, PartnerCredentials> partners,
                              Map<String, UserSignIn> users) {
        this.endpoints = endpoints;
        this.population = population;
        this.partners = partners;
        this.users = users;
        Set<String> egress = population.clients().stream().map(ClientProfile::egressAddress).collect(Collectors.toSet());
        this.networks = new LoopbackNetworks(egress, endpoints.caCertificate());
        this.authorization = new AuthorizationClient(endpoints, networks);
    }

    /**
     * Registers {@code population}'s clients in {@code demo}, then gets every token the traffic needs: each app signs in
     * each of its users (account information) and each client gets a client-credentials token.
     */
    public static LiveTrafficDriver prepare(Demo demo, Population population) throws IOException, InterruptedException {
        DemoEnvironment environment = demo.environment();
        LiveEndpoints endpoints = new LiveEndpoints(environment.config().authorizationServer().issuer().toString(),
                environment.config().gateway().publicUrl().toString().replaceAll("/$", ""), environment.caCertificate());
        Map<String, PartnerCredentials> partners = PartnerRegistration.register(population, environment, demo.node().store().clients());
        Map<String, UserSignIn> users = new LinkedHashMap<>();
        for (DemoUser user : demo.users()) {
            users.put(user.subject(), new UserSignIn(user.username(), user.password(), user.totpSecret()));
        }
        LiveTrafficDriver driver = new LiveTrafficDriver(endpoints, population, partners, users);
        try {
            driver.signInEveryone();
            return driver;
        } catch (IOException | InterruptedException | RuntimeException e) {
            driver.close();
            throw e;
        }
    }

    private void signInEveryone() throws IOException, InterruptedException {
        for (Map.Entry<String, List<UserProfile>> entry : population.usersByClient().entrySet()) {
            PartnerCredentials partner = partners.get(entry.getKey());
            ClientProfile client = population.client(entry.getKey()).orElseThrow();
            tokens.put(key(entry.getKey(), null), authorization.clientCredentials(partner, "products:read"));
            if (!client.kind().actsForUsers()) {
                continue;
            }
            for (UserProfile user : entry.getValue()) {
                UserSignIn signIn = users.get(user.subject());
                if (signIn == null) {
                    throw new IllegalArgumentException("the population's user " + user.subject() + " is no demo user");
                }
                tokens.put(key(entry.getKey(), user.subject()), authorization.authorize(partner, signIn, ACCOUNT_SCOPE, ACCOUNT_DETAILS));
            }
        }
    }

    /** Sends {@code traffic} until its end or until {@code stop} says so, and waits for the requests in flight. */
    public LiveRun run(GeneratedTraffic traffic, double speed, double maxRate, Listener listener, BooleanSupplier stop)
            throws InterruptedException {
        if (!(speed > 0) || !(maxRate > 0)) {
            throw new IllegalArgumentException("--traffic-speed and --traffic-rate must be positive");
        }
        Map<String, Attack> attacks = traffic.attacks().stream().collect(Collectors.toMap(Attack::id, a -> a));
        List<SentRequest> sent = Collections.synchronizedList(new ArrayList<>());
        Set<String> started = new HashSet<>();
        Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
        Instant simulatedStart = traffic.scenario().start();
        long origin = System.nanoTime();
        long gap = (long) (1e9 / maxRate);
        long nextFree = origin;
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (PlannedRequest planned : traffic.requests()) {
                if (stop.getAsBoolean()) {
                    break;
                }
                long due = origin + (long) (Duration.between(simulatedStart, planned.time()).toNanos() / speed);
                long at = Math.max(due, nextFree);
                long wait = at - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                nextFree = Math.max(at, System.nanoTime()) + gap;
                if (planned.isAttack() && started.add(planned.attackId())) {
                    listener.attackStarted(attacks.get(planned.attackId()), Instant.now());
                }
                PlannedRequest request = withSource(planned, networks.loopbackFor(planned.source()));
                if (needsPaymentConsent(request)) {
                    AtomicInteger waiting = waitingPayments.computeIfAbsent(request.subject(), s -> new AtomicInteger());
                    // An attack's payments always wait their turn; a normal one is dropped when its user already waits for one.
                    if (waiting.incrementAndGet() > 1 && !request.isAttack()) {
                        waiting.decrementAndGet();
                        sent.add(new SentRequest(request, Instant.now(), 0, null, "skipped"));
                        continue;
                    }
                    pool.submit(() -> {
                        try {
                            sent.add(attempt(request, () -> pay(request)));
                        } finally {
                            waiting.decrementAndGet();
                        }
                    });
                    continue;
                }
                if (request.operation() == BankOperation.GET_PAYMENT && !lastPayment.containsKey(key(request.clientId(), request.subject()))) {
                    // The payment it reads was dropped or is still waiting for its TOTP step: a made-up id would be a 404.
                    sent.add(new SentRequest(request, Instant.now(), 0, null, "skipped"));
                    continue;
                }
                inFlight.acquire();
                pool.submit(() -> {
                    try {
                        sent.add(attempt(request, () -> request.toGateway() ? call(request, token(request)) : signIn(request)));
                    } finally {
                        inFlight.release();
                    }
                });
            }
        } finally {
            signIns.values().forEach(SignInSession::close);
            signIns.clear();
        }
        return LiveRun.of(sent, traffic.attacks());
    }

    /** Up to ten messages of requests that failed (no answer, or a flow that broke), for the report; no secret in them. */
    public List<String> failures() {
        synchronized (failures) {
            return List.copyOf(failures);
        }
    }

    /** The population this driver registered and signed in. */
    public Population population() {
        return population;
    }

    private interface Attempt {
        SentRequest send() throws IOException, InterruptedException;
    }

    private SentRequest attempt(PlannedRequest request, Attempt attempt) {
        try {
            return attempt.send();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new SentRequest(request, Instant.now(), 0, null, "failed");
        } catch (IOException | RuntimeException e) {
            synchronized (failures) {
                if (failures.size() < 10) {
                    failures.add(request.method() + " " + pathOf(request.url()) + ": " + e.getMessage());
                }
            }
            return new SentRequest(request, Instant.now(), 0, null, "failed");
        }
    }

    /** A payment with a consent of its own: the rules refuse one without, so only a planned refusal goes without. */
    private static boolean needsPaymentConsent(PlannedRequest request) {
        return request.operation() == BankOperation.INITIATE_PAYMENT && request.subject() != null && request.status() != 403;
    }

    private SentRequest pay(PlannedRequest request) throws IOException, InterruptedException {
        JsonNode body = JSON.readTree(request.body());
        ObjectNode detail = JSON.createObjectNode();
        detail.put("type", "payment_initiation");
        detail.set("instructedAmount", body.get("instructedAmount"));
        detail.set("creditorAccount", body.get("creditorAccount"));
        detail.put("creditorName", body.path("creditorName").asText());
        if (body.has("remittanceInformation")) {
            detail.put("remittanceInformationUnstructured", body.get("remittanceInformation").asText());
        }
        detail.set("debtorAccount", body.get("debtorAccount"));
        UserSignIn user = users.get(request.subject());
        TokenSet consent = authorization.authorize(partners.get(request.clientId()), user, "payments:write", "[" + detail + "]");
        SentRequest sent = call(request, consent);
        return sent;
    }

    private SentRequest call(PlannedRequest request, TokenSet token) throws IOException, InterruptedException {
        PartnerCredentials partner = partners.get(request.clientId());
        String url = endpoints.gatewayOrigin() + paymentUrl(request);
        HttpRequest.Builder builder = HttpRequest.newBuilder(LiveEndpoints.connect(url)).timeout(Duration.ofSeconds(20));
        request.headers().forEach((name, value) -> {
            if (!name.equalsIgnoreCase("Authorization") && !name.equalsIgnoreCase("DPoP")) {
                builder.header(name, value);
            }
        });
        builder.header("Authorization", "DPoP " + token.accessToken()).header("DPoP", partner.proof(request.method(), url, token.accessToken()));
        builder.method(request.method(), request.body() == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(request.body()));
        Instant sentAt = Instant.now();
        HttpResponse<String> response = networks.client(request.source()).send(builder.build(), HttpResponse.BodyHandlers.ofString());
        if (request.operation() == BankOperation.INITIATE_PAYMENT && response.statusCode() == 201) {
            JsonNode payment = JSON.readTree(response.body());
            lastPayment.put(key(request.clientId(), request.subject()), payment.path("paymentId").asText());
        }
        return new SentRequest(request, sentAt, response.statusCode(), response.headers().firstValue("X-Request-Id").orElse(null), "sent");
    }

    /** A status read asks for the payment this client last made for this user, when there is one. */
    private String paymentUrl(PlannedRequest request) {
        if (request.operation() == BankOperation.GET_PAYMENT) {
            String id = lastPayment.get(key(request.clientId(), request.subject()));
            if (id != null) {
                return BankOperation.BASE_PATH + "/payments/" + id;
            }
        }
        return request.url();
    }

    /** The token the request goes with, renewed when it is about to expire. */
    private TokenSet token(PlannedRequest request) throws IOException, InterruptedException {
        String key = key(request.clientId(), request.subject());
        TokenSet token = tokens.get(key);
        if (token == null) {
            throw new IllegalStateException("no token for client " + request.clientId() + (request.subject() == null ? "" : " and its user"));
        }
        if (token.expiresWithin(30)) {
            synchronized (tokens) {
                token = tokens.get(key);
                if (token.expiresWithin(30)) {
                    PartnerCredentials partner = partners.get(request.clientId());
                    token = token.refreshToken() != null ? authorization.refresh(partner, token.refreshToken())
                            : authorization.clientCredentials(partner, "products:read");
                    tokens.put(key, token);
                }
            }
        }
        return token;
    }

    /** One sign-in attempt of an attack, in a sign-in session its source keeps open while the page takes more tries. */
    private SentRequest signIn(PlannedRequest request) throws IOException, InterruptedException {
        Map<String, String> form = new LinkedHashMap<>();
        for (String pair : request.body().split("&")) {
            String[] parts = pair.split("=", 2);
            form.put(parts[0], parts.length > 1 ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : "");
        }
        SignInSession session = signIns.computeIfAbsent(request.attackId() + "|" + request.source(),
                k -> new SignInSession(new SignInBrowser(networks.ssl(), request.source())));
        synchronized (session) {
            if (session.login == null) {
                session.login = authorization.beginSignIn(partners.get(request.clientId()), session.browser, ACCOUNT_SCOPE, ACCOUNT_DETAILS,
                        "v".repeat(43), "attack-" + System.nanoTime());
                HttpResponse<String> page = session.browser.get(session.login);
                if (page.statusCode() != 200) {
                    session.login = null;
                    return new SentRequest(request, Instant.now(), page.statusCode(), null, "sent");
                }
                session.csrf = SignInBrowser.csrf(page);
            }
            Instant sentAt = Instant.now();
            HttpResponse<String> answer = session.browser.post(session.login, List.of(Map.entry("csrf", session.csrf),
                    Map.entry("username", form.getOrDefault("username", "")), Map.entry("password", form.getOrDefault("password", ""))));
            if (answer.statusCode() == 400 && answer.body().contains("name=\"csrf\"")) {
                session.csrf = SignInBrowser.csrf(answer);
            } else {
                // Locked out, refused or (never here) signed in: the next try opens a new sign-in.
                session.login = null;
            }
            return new SentRequest(request, sentAt, answer.statusCode(), answer.headers().firstValue("X-Request-Id").orElse(null), "sent");
        }
    }

    private static final class SignInSession {
        final SignInBrowser browser;
        URI login;
        String csrf;

        SignInSession(SignInBrowser browser) {
            this.browser = browser;
        }

        void close() {
            browser.close();
        }
    }

    private static PlannedRequest withSource(PlannedRequest request, String source) {
        return new PlannedRequest(request.id(), request.time(), request.clientId(), request.subject(), source, request.operation(),
                request.method(), request.url(), request.headers(), request.body(), request.status(), request.attackId());
    }

    private static String key(String clientId, String subject) {
        return clientId + "|" + (subject == null ? "" : subject);
    }

    private static String pathOf(String url) {
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query);
    }

    @Override
    public void close() {
        networks.close();
    }
}
