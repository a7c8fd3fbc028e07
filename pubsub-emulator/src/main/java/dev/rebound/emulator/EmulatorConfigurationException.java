package dev.rebound.emulator;

/**
 * The emulator was configured explicitly but the configuration points at nothing (say {@code PUBSUB_EMULATOR_JAR}
 * names a file that does not exist). Unlike a machine without an emulator, this is never a reason to skip: whoever
 * set the variable expects it to be used, so it fails loudly, naming the variable and its value.
 */
public class EmulatorConfigurationException extends EmulatorUnavailableException {
    public EmulatorConfigurationException(String message) {
        super(message);
    }
}
