package io.bulwark.demo.bank;

import java.time.LocalDate;
import java.util.List;

/**
 * One demo customer and the shape of their financial life, from which their history is generated.
 * Names, e-mail domains (RFC 2606) and telephone numbers (ranges reserved for drama) are fictional.
 */
record Persona(Customer customer, Banking banking, Budget budget) {

    /** Where the customer banks: currency, how their IBANs are built, and which products they hold. */
    record Banking(String currency, String ibanCountry, String bankCode, int accountNumberDigits, String bic,
                   long creditLimitCents, boolean saver) {
    }

    /** Who pays the customer and whom they pay, and how much; amounts in cents of the customer's currency. */
    record Budget(String employer, long salaryCents, String landlord, long rentCents, String utility,
                  String mobileOperator, long mobileCents, List<String> shops, List<String> merchants) {
    }

    static final Persona ALICE = new Persona(
            new Customer("alice", "Alice Schneider",
                    new PostalAddress("Friedrichstraße 123", "10117", "Berlin", "DE"),
                    LocalDate.of(1988, 4, 17), "alice.schneider@example.com", "+493023125417"),
            new Banking("EUR", "DE", "10099999", 10, "BWRKDEB1XXX", 3_000_00, false),
            new Budget("Nordlicht Software GmbH", 3_850_00, "Petra Hoffmann", 1_240_00, "Spree Energie GmbH",
                    "Funkwelt Mobil", 24_99,
                    List.of("REWE Markt", "Lidl", "Edeka Center", "dm-drogerie markt", "Bio Company"),
                    List.of("Deutsche Bahn", "Amazon EU", "Zalando", "Spotify", "Café Einstein", "Kino International")));

    static final Persona BOB = new Persona(
            new Customer("bob", "Bob Whitfield",
                    new PostalAddress("14 Elm Row", "EC1A 1BB", "London", "GB"),
                    LocalDate.of(1975, 11, 2), "bob.whitfield@example.org", "+442079460321"),
            new Banking("GBP", "GB", "BWRK404784", 8, "BWRKGB2LXXX", 2_500_00, true),
            new Budget("Thames Analytics Ltd", 3_200_00, "Greenway Lettings Ltd", 1_450_00, "Albion Power",
                    "Kestrel Mobile", 18_00,
                    List.of("Tesco Stores", "Sainsbury's", "Waitrose", "Boots", "Marks & Spencer Food"),
                    List.of("Transport for London", "Amazon UK", "Waterstones", "Deliveroo", "Pret A Manger", "Odeon Cinemas")));

    static final List<Persona> ALL = List.of(ALICE, BOB);
}
