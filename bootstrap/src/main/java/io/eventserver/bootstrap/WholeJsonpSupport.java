package io.eventserver.bootstrap;

import java.io.OutputStream;

import io.helidon.common.GenericType;
import io.helidon.http.Headers;
import io.helidon.http.WritableHeaders;
import io.helidon.http.media.EntityWriter;
import io.helidon.http.media.MediaContext;
import io.helidon.http.media.MediaSupport;
import io.helidon.http.media.jsonp.JsonpSupport;

/**
 * Helidon's JSON-P media support (what {@code /observe/metrics} answers {@code Accept: application/json} with), but
 * every body written whole, in UTF-8. Helidon 4.3's writer honours a charset named in the request's {@code Accept}
 * by wrapping the response in an {@code OutputStreamWriter} that it never flushes: {@code Accept: application/json;
 * charset=utf-8} — what clients generated from {@code /openapi} send — got the metrics cut off after the last full
 * 8 KiB (57,344 bytes), or nothing. JSON is UTF-8 (RFC 8259), so the requested charset is not needed; this writes
 * as Helidon does for a request that names none. Registered first in the server's media context, so it is chosen
 * before the JSON-P support Helidon discovers.
 */
final class WholeJsonpSupport implements MediaSupport {

    private final MediaSupport jsonp = JsonpSupport.create();

    /** The server's media context: this support first, then what Helidon discovers and registers by default. */
    static MediaContext mediaContext() {
        return MediaContext.builder().addMediaSupport(new WholeJsonpSupport()).build();
    }

    @Override
    public String name() {
        return "whole-jsonp";
    }

    @Override
    public String type() {
        return "whole-jsonp";
    }

    @Override
    public void init(MediaContext context) {
        jsonp.init(context);
    }

    @Override
    public <T> ReaderResponse<T> reader(GenericType<T> type, Headers requestHeaders) {
        return jsonp.reader(type, requestHeaders);
    }

    @Override
    public <T> ReaderResponse<T> reader(GenericType<T> type, Headers requestHeaders, Headers responseHeaders) {
        return jsonp.reader(type, requestHeaders, responseHeaders);
    }

    @Override
    public <T> WriterResponse<T> writer(GenericType<T> type, WritableHeaders<?> requestHeaders) {
        return jsonp.writer(type, requestHeaders);
    }

    @Override
    public <T> WriterResponse<T> writer(GenericType<T> type, Headers requestHeaders,
                                        WritableHeaders<?> responseHeaders) {
        WriterResponse<T> response = jsonp.writer(type, requestHeaders, responseHeaders);
        if (response.support() == SupportLevel.NOT_SUPPORTED) {
            return response;
        }
        return new WriterResponse<>(response.support(), () -> whole(response.supplier().get()));
    }

    /** {@code writer}, writing as for a request without a charset: UTF-8, to the stream, which it closes. */
    private static <T> EntityWriter<T> whole(EntityWriter<T> writer) {
        return new EntityWriter<>() {
            @Override
            public void write(GenericType<T> type, T object, OutputStream out, Headers requestHeaders,
                              WritableHeaders<?> responseHeaders) {
                writer.write(type, object, out, responseHeaders);
            }

            @Override
            public void write(GenericType<T> type, T object, OutputStream out, WritableHeaders<?> headers) {
                writer.write(type, object, out, headers);
            }
        };
    }
}
