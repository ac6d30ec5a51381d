package io.castwire.common;

/** A resource the caller asked for does not exist; answered as a 404 problem. */
public class NotFoundException extends RuntimeException {
    public NotFoundException(String message) {
        super(message);
    }
}
