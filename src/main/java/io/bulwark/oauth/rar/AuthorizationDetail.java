package io.bulwark.oauth.rar;

import java.util.Map;

/** One RFC 9396 authorization details object, already validated; its type fixes its fields. */
public sealed interface AuthorizationDetail permits AccountInformation, PaymentInitiation {

    /** The RFC 9396 §2 {@code type}. */
    String type();

    /** The object as JSON-ready maps and lists, type first, as it goes into tokens and responses. */
    Map<String, Object> toJson();
}
