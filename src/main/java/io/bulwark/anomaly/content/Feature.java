package io.bulwark.anomaly.content;

/** The content detector's features; each can be switched off (for the ablation in bench/anomaly-content.sh). */
public enum Feature {
    /** A value longer or shorter than the field's values (Kruegel and Vigna §4.1, Chebyshev bound). */
    LENGTH,
    /** Characters (by class) never seen in the field, with the Good-Turing chance of a novelty. */
    CHARACTERS,
    /** The idealized character distribution and a chi-square test (Kruegel and Vigna §4.2). */
    DISTRIBUTION,
    /** A value structure (character-class sequence) never seen in a field with few structures (§4.4). */
    STRUCTURE,
    /** A value outside a field's small set of values (token finder, §4.5). */
    ENUMERATION,
    /** A value that was encoded more times than the field's values ever were. */
    ENCODING,
    /** Parameters never seen in the operation, and parameters always present that are missing (§4.6). */
    PRESENCE,
    /** Parameters in an order never seen in the operation (§4.7). */
    ORDER,
    /** An operation never seen, and its path segments' characters and structure. */
    OPERATION
}
