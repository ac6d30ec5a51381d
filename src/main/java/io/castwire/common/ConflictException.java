package io.castwire.common;

/** The request does not fit the resource's current state; answered as a 409 problem. */
public class ConflictException extends RuntimeException {
    public ConflictException(String message) {
        super(message);
    }
}
