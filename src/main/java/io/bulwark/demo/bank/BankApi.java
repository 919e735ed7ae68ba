package io.bulwark.demo.bank;

import io.bulwark.http.SecurityHeaders;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * The demo bank's HTTP API, as described by {@code demo/bank-openapi.yaml}, mounted at the root: the gateway
 * strips {@code /bank/v1} and names the verified token subject in {@value #SUBJECT_HEADER}.
 */
public final class BankApi {

    /** Request header in which the gateway names the subject of the access token it verified. */
    public static final String SUBJECT_HEADER = "X-Bulwark-Subject";
    /** Largest payment request accepted; a real one is well under 1 KiB. */
    static final long BODY_LIMIT_BYTES = 16 * 1024;

    private BankApi() {
    }

    /** A router serving every operation of the demo bank over {@code data}. */
    public static Router router(Vertx vertx, BankData data) {
        AccountHandlers accounts = new AccountHandlers(data);
        PaymentHandlers payments = new PaymentHandlers(data);
        Router router = Router.router(vertx);

        router.route().handler(BankApi::securityHeaders);
        router.get("/accounts").handler(accounts::list);
        router.get("/accounts/:accountId").handler(accounts::get);
        router.get("/accounts/:accountId/balances").handler(accounts::balances);
        router.get("/accounts/:accountId/transactions").handler(accounts::transactions);
        router.post("/payments")
                .consumes("application/json")
                // No file uploads: they would be written to disk, and a payment never has one.
                .handler(BodyHandler.create(false).setBodyLimit(BODY_LIMIT_BYTES))
                .handler(payments::create);
        router.get("/payments/:paymentId").handler(payments::get);
        router.get("/products").handler(BankApi::products);

        router.route().failureHandler(BankResponses::failure);
        router.errorHandler(404, ctx -> BankResponses.problem(ctx, BankResponses.noSuchResource()));
        router.errorHandler(405, ctx -> BankResponses.problem(ctx, BankResponses.methodNotAllowed()));
        router.errorHandler(415, ctx -> BankResponses.problem(ctx, BankResponses.unsupportedMediaType()));
        return router;
    }

    /** {@code GET /products}: the catalogue, to any authenticated caller, customer or client. */
    private static void products(RoutingContext ctx) {
        Caller.subject(ctx.request().headers().getAll(SUBJECT_HEADER));
        BankResponses.json(ctx, 200, BankJson.productList(Product.CATALOGUE));
    }

    private static void securityHeaders(RoutingContext ctx) {
        SecurityHeaders.ALL.forEach(ctx.response()::putHeader);
        ctx.next();
    }
}
