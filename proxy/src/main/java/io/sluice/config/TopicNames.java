package io.sluice.config;

/** Kafka's rules for topic names, checked before a name reaches the producer. Stateless. */
public final class TopicNames {

    /** Kafka's limit on a topic name's length. */
    public static final int MAX_LENGTH = 249;

    private TopicNames() {
    }

    /** Whether {@code name} is a legal Kafka topic name: 1 to 249 of [a-zA-Z0-9._-], not "." or "..". */
    public static boolean isValid(CharSequence name) {
        int length = name.length();
        if (length == 0 || length > MAX_LENGTH) {
            return false;
        }
        if (".".contentEquals(name) || "..".contentEquals(name)) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            char c = name.charAt(i);
            boolean legal = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || c == '.' || c == '_' || c == '-';
            if (!legal) {
                return false;
            }
        }
        return true;
    }
}
