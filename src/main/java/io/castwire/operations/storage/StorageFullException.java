package io.castwire.operations.storage;

/** Work that would write files was refused before it started: the quota or the disk is full. */
public class StorageFullException extends Exception {

    public StorageFullException(String message) {
        super(message);
    }
}
