package stet.api;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import stet.error.BadRequestException;
import stet.error.UnreadableRequestException;
import stet.web.RequestGuard;

/**
 * Reading and writing the API's JSON: one mapper set up so that numbers stay exact
 * (decimals are read and written as {@link java.math.BigDecimal}, never as doubles, and
 * written plain, never as {@code 1E+3}), duplicate members and trailing content are
 * malformed JSON, and a body of another media type is refused before it is read.
 */
final class ApiJson {

    /** What a request body of a JSON route may be. */
    static final Set<String> JSON = Set.of("application/json");
    /** A merge patch (RFC 7396) may also say so by its own media type. */
    static final Set<String> MERGE_PATCH = Set.of("application/json", "application/merge-patch+json");

    private final ObjectMapper mapper = new ObjectMapper()
            .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

    ObjectNode object() {
        return mapper.createObjectNode();
    }

    /**
     * The request's body as JSON: 415 when its media type is not one of {@code types} (or
     * names a charset other than UTF-8), 400 when it is empty (or only white space) or not
     * well-formed JSON.
     */
    JsonNode read(Context ctx, Set<String> types) {
        String contentType = ctx.contentType();
        String type = contentType == null ? "" : contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        if (!types.contains(type) || !RequestGuard.isJson(contentType)) {
            throw new UnreadableRequestException(UnreadableRequestException.Reason.UNSUPPORTED_MEDIA_TYPE,
                    "This route reads " + String.join(" or ", types.stream().sorted().toList())
                            + " (UTF-8), not '" + (type.isEmpty() ? "no Content-Type" : type) + "'. Nothing was changed.");
        }
        String charset = ctx.characterEncoding();
        if (!RequestGuard.isUtf8(charset)) {
            throw new UnreadableRequestException(UnreadableRequestException.Reason.UNSUPPORTED_MEDIA_TYPE,
                    "JSON is read as UTF-8, not " + charset + ". Nothing was changed.");
        }
        JsonNode json;
        try {
            json = mapper.readTree(utf8(ctx.bodyAsBytes()));
        } catch (JsonProcessingException e) {
            throw new BadRequestException("The body is not well-formed JSON (" + e.getOriginalMessage()
                    + "). Nothing was changed.");
        } catch (NumberFormatException e) {
            // Well-formed, but no decimal holds it: Jackson reads floats as BigDecimal, whose
            // exponent is an int, and lets that failure out unwrapped (1e-2147483649).
            throw new BadRequestException("The body has a number whose exponent is out of range; numbers are read"
                    + " as decimals. Nothing was changed.");
        }
        // No value at all: no bytes, only white space, or only a byte order mark.
        if (json == null || json.isMissingNode()) {
            throw new BadRequestException("The request's body is empty (or only white space); send a JSON object."
                    + " Nothing was changed.");
        }
        return json;
    }

    /**
     * The body's text, read strictly: bytes that are not UTF-8 are refused, never replaced
     * with U+FFFD and stored so. A byte order mark first is skipped (RFC 8259 8.1 allows it;
     * some editors write one).
     */
    private static String utf8(byte[] body) {
        int start = body.length >= 3 && (body[0] & 0xFF) == 0xEF && (body[1] & 0xFF) == 0xBB && (body[2] & 0xFF) == 0xBF
                ? 3 : 0;
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body, start, body.length - start))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new BadRequestException("The body is not UTF-8 text (JSON is read as UTF-8). Nothing was changed.");
        }
    }

    /** Answers {@code status} with {@code body} as JSON. */
    void answer(Context ctx, HttpStatus status, JsonNode body) {
        ctx.status(status).contentType("application/json").result(write(body));
    }

    /** {@code body} as the API writes it: UTF-8, decimals plain. */
    byte[] write(JsonNode body) {
        try {
            return mapper.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An error body as every error of the API has it: {@code {"status": …, "error": "…"}}, to add to. */
    ObjectNode error(HttpStatus status, String message) {
        ObjectNode body = object();
        body.put("status", status.getCode());
        body.put("error", message);
        return body;
    }
}
