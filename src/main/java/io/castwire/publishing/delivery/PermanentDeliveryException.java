package io.castwire.publishing.delivery;

/**
 * The destination refused the item and will refuse it again (a 400, 401, 403, 404, 413, 422...):
 * no retries, straight to the dead-letter list, where an admin can replay it once fixed.
 */
public class PermanentDeliveryException extends DeliveryException {

    public PermanentDeliveryException(String message, int status) {
        super(message, status, null);
    }

    public PermanentDeliveryException(String message, int status, Throwable cause) {
        super(message, status, null, cause);
    }
}
