package io.bulwark.demo.bank;

import java.util.Objects;

/** A customer's postal address; {@code country} is an ISO 3166-1 alpha-2 code. */
public record PostalAddress(String street, String postalCode, String city, String country) {

    public PostalAddress {
        Objects.requireNonNull(street, "street");
        Objects.requireNonNull(postalCode, "postalCode");
        Objects.requireNonNull(city, "city");
        Objects.requireNonNull(country, "country");
    }
}
