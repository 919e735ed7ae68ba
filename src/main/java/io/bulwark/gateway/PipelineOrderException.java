package io.bulwark.gateway;

/** A list of steps that cannot form a pipeline: out of phase order, a needed fact unprovided, or not one terminal step last. */
public final class PipelineOrderException extends IllegalArgumentException {

    public PipelineOrderException(String message) {
        super(message);
    }
}
