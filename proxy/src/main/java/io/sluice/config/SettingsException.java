package io.sluice.config;

/**
 * A configuration that cannot be used: an unknown key, a value of the wrong type or out of range,
 * or settings that contradict each other. The message names the key, where it was set (file and
 * line when known) and what was expected, so it can be shown to an operator as it is.
 */
public final class SettingsException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public SettingsException(String message) {
        super(message, null, false, false);
    }

    public SettingsException(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
