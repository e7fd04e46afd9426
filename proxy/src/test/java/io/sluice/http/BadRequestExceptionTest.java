package io.sluice.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.handler.codec.http.HttpResponseStatus;
import org.junit.jupiter.api.Test;

class BadRequestExceptionTest {

    @Test
    void carriesStatusCodeAndMessageWithoutStackTrace() {
        BadRequestException e = new BadRequestException(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "TOO_MANY_RECORDS", "m");
        assertThat(e.status()).isEqualTo(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE);
        assertThat(e.errorCode()).isEqualTo("TOO_MANY_RECORDS");
        assertThat(e.getMessage()).isEqualTo("m");
        assertThat(e.getStackTrace()).isEmpty();
        assertThat(e.getCause()).isNull();
        e.addSuppressed(new IllegalStateException());
        assertThat(e.getSuppressed()).as("suppression disabled").isEmpty();
    }

    @Test
    void refusesNulls() {
        assertThatThrownBy(() -> new BadRequestException(null, "X", "m")).hasMessage("status");
        assertThatThrownBy(() -> new BadRequestException(HttpResponseStatus.BAD_REQUEST, null, "m")).hasMessage("errorCode");
        assertThatThrownBy(() -> new BadRequestException(HttpResponseStatus.BAD_REQUEST, "X", null)).hasMessage("message");
    }

    @Test
    void excerptIsShortAndHasNoControlCharacters() {
        assertThat(BadRequestException.excerpt("a\nb\u0000c\u007f")).isEqualTo("a?b?c?");
        assertThat(BadRequestException.excerpt("x".repeat(500))).isEqualTo("x".repeat(100) + "...");
        assertThat(BadRequestException.excerpt("x".repeat(99) + "😀z")).as("no half character")
                .isEqualTo("x".repeat(99) + "...");
        assertThat(BadRequestException.excerpt("")).isEmpty();
    }
}
