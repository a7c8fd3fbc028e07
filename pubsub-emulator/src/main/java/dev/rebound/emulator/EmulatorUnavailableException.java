package dev.rebound.emulator;

/** No Pub/Sub emulator can be had on this machine, or the one found did not start; the message says why. */
public class EmulatorUnavailableException extends RuntimeException {
    public EmulatorUnavailableException(String message) {
        super(message);
    }
}
