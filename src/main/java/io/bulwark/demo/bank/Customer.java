package io.bulwark.demo.bank;

import java.time.LocalDate;
import java.util.Objects;

/** A bank customer; {@code subject} is the subject id the authorization server puts in their tokens. */
public record Customer(String subject, String fullName, PostalAddress address, LocalDate dateOfBirth,
                       String email, String phone) {

    public Customer {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(fullName, "fullName");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(dateOfBirth, "dateOfBirth");
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(phone, "phone");
    }
}
