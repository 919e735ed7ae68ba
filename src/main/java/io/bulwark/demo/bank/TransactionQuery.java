package io.bulwark.demo.bank;

import io.vertx.core.MultiMap;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.regex.Pattern;

/** Which transactions to list: an optional booking-date range (both ends included) and one page of the result. */
record TransactionQuery(LocalDate fromBookingDate, LocalDate toBookingDate, int page, int pageSize) {

    static final int DEFAULT_PAGE_SIZE = 50;
    /** Caps what one request can make the bank serialize. */
    static final int MAX_PAGE_SIZE = 100;
    static final int MAX_PAGE = 100_000;
    private static final Pattern POSITIVE_INT = Pattern.compile("[1-9][0-9]{0,5}");

    TransactionQuery {
        if (fromBookingDate != null && toBookingDate != null && fromBookingDate.isAfter(toBookingDate)) {
            throw ProblemException.invalidRequest("fromBookingDate must not be after toBookingDate.");
        }
        if (page < 1 || page > MAX_PAGE) {
            throw ProblemException.invalidRequest("page must be an integer from 1 to " + MAX_PAGE + ".");
        }
        if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
            throw ProblemException.invalidRequest("pageSize must be an integer from 1 to " + MAX_PAGE_SIZE + ".");
        }
    }

    /**
     * The query in {@code params}.
     *
     * @throws ProblemException 400 when a parameter is malformed or repeated
     */
    static TransactionQuery parse(MultiMap params) {
        return new TransactionQuery(date(params, "fromBookingDate"), date(params, "toBookingDate"),
                integer(params, "page", 1), integer(params, "pageSize", DEFAULT_PAGE_SIZE));
    }

    /** Those of {@code newestFirst} booked within the range, in the same order. */
    List<Transaction> matching(List<Transaction> newestFirst) {
        return newestFirst.stream()
                .filter(t -> fromBookingDate == null || !t.bookingDate().isBefore(fromBookingDate))
                .filter(t -> toBookingDate == null || !t.bookingDate().isAfter(toBookingDate))
                .toList();
    }

    /** The requested page of {@code matching}; empty past the last page. */
    List<Transaction> page(List<Transaction> matching) {
        long from = (long) (page - 1) * pageSize;
        return matching.stream().skip(from).limit(pageSize).toList();
    }

    /** How many pages {@code totalItems} make at this page size. */
    int totalPages(int totalItems) {
        return (totalItems + pageSize - 1) / pageSize;
    }

    private static String single(MultiMap params, String name) {
        List<String> values = params.getAll(name);
        // A repeated parameter is ambiguous (the gateway and the bank could each take a different one): refuse.
        if (values.size() > 1) {
            throw ProblemException.invalidRequest(name + " must not be repeated.");
        }
        return values.isEmpty() ? null : values.getFirst();
    }

    private static LocalDate date(MultiMap params, String name) {
        String value = single(params, name);
        if (value == null) {
            return null;
        }
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw ProblemException.invalidRequest(name + " must be an ISO 8601 date such as 2026-01-31.");
        }
    }

    private static int integer(MultiMap params, String name, int defaultValue) {
        String value = single(params, name);
        if (value == null) {
            return defaultValue;
        }
        if (!POSITIVE_INT.matcher(value).matches()) {
            throw ProblemException.invalidRequest(name + " must be a positive integer.");
        }
        return Integer.parseInt(value);
    }
}
