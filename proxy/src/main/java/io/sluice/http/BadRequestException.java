package io.sluice.http;

import static java.util.Objects.requireNonNull;

import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * A client mistake in a request, carrying the status and the {@code error_code} of the JSON error
 * answer. Its message is meant for the client: short, and never more than a short excerpt of what
 * the client sent.
 *
 * <p>Immutable. It has no stack trace: it is thrown on the event loop for ordinary bad input, where
 * filling one in would cost time and say nothing useful.
 */
public final class BadRequestException extends Exception {

    private static final long serialVersionUID = 1L;

    /** The body is not well-formed JSON, has data after the top-level value, or nests too deeply. */
    public static final String INVALID_JSON = "INVALID_JSON";
    /** The body is JSON but not a REST Proxy produce request ({@code {"records":[...]}}). */
    public static final String INVALID_BODY = "INVALID_BODY";
    /** The body holds no record at all. */
    public static final String NO_RECORDS = "NO_RECORDS";
    /** One record is not an object, repeats a field, or has a key or value of the wrong type. */
    public static final String INVALID_RECORD = "INVALID_RECORD";
    /** A key, value or header value of the binary format is not valid base64. */
    public static final String INVALID_BASE64 = "INVALID_BASE64";
    /** A partition is not an integer from 0 to {@link Integer#MAX_VALUE}. */
    public static final String INVALID_PARTITION = "INVALID_PARTITION";
    /** Record headers have the wrong shape, a missing or empty name, or a value of the wrong type. */
    public static final String INVALID_HEADER = "INVALID_HEADER";
    /** More records in one request than configured; answered with 413. */
    public static final String TOO_MANY_RECORDS = "TOO_MANY_RECORDS";

    /** The longest excerpt of client input that {@link #excerpt} puts into a message. */
    static final int MAX_EXCERPT_LENGTH = 100;

    // HttpResponseStatus is not serializable; this exception never leaves the process.
    private final transient HttpResponseStatus status;
    private final String errorCode;

    public BadRequestException(HttpResponseStatus status, String errorCode, String message) {
        super(requireNonNull(message, "message"), null, false, false);
        this.status = requireNonNull(status, "status");
        this.errorCode = requireNonNull(errorCode, "errorCode");
    }

    /** A 400 Bad Request with the given code and message. */
    static BadRequestException badRequest(String errorCode, String message) {
        return new BadRequestException(HttpResponseStatus.BAD_REQUEST, errorCode, message);
    }

    public HttpResponseStatus status() {
        return status;
    }

    public String errorCode() {
        return errorCode;
    }

    /**
     * Client input made fit for an error message: at most {@link #MAX_EXCERPT_LENGTH} characters,
     * with control characters replaced so that it cannot break a log line or the JSON answer's layout.
     */
    static String excerpt(CharSequence input) {
        int length = Math.min(input.length(), MAX_EXCERPT_LENGTH);
        if (length < input.length() && Character.isHighSurrogate(input.charAt(length - 1))) {
            length--; // do not cut a character in half
        }
        StringBuilder out = new StringBuilder(length + 3);
        for (int i = 0; i < length; i++) {
            char c = input.charAt(i);
            out.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        if (input.length() > length) {
            out.append("...");
        }
        return out.toString();
    }
}
