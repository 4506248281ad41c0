package stet.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.swagger.parser.OpenAPIParser;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The hand-written OpenAPI document is valid OpenAPI 3.1, as a real parser reads it. */
class OpenApiDocumentTest {

    static SwaggerParseResult parse(boolean resolve) {
        ParseOptions options = new ParseOptions();
        options.setResolve(resolve);
        options.setValidateInternalRefs(true);
        return new OpenAPIParser().readContents(new String(ApiRoutes.openApiDocument(), StandardCharsets.UTF_8), null, options);
    }

    @Test
    void the_document_is_valid_openapi_3_1_with_no_parser_messages() {
        SwaggerParseResult result = parse(false);

        assertThat(result.getMessages()).isEmpty();
        OpenAPI api = result.getOpenAPI();
        assertThat(api).isNotNull();
        assertThat(api.getOpenapi()).isEqualTo("3.1.0");
        assertThat(api.getComponents().getSecuritySchemes()).containsKey("bearerAuth");
    }

    @Test
    void every_reference_resolves() {
        SwaggerParseResult result = parse(true);

        assertThat(result.getMessages()).isEmpty();
        assertThat(result.getOpenAPI().getPaths()).isNotEmpty();
    }

    @Test
    void a_broken_document_is_reported_so_the_check_can_fail() {
        String broken = new String(ApiRoutes.openApiDocument(), StandardCharsets.UTF_8)
                .replace("\"#/components/schemas/Record\"", "\"#/components/schemas/NoSuchSchema\"")
                .replace("\"responses\": {", "\"responzes\": {");
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        options.setValidateInternalRefs(true);

        SwaggerParseResult result = new OpenAPIParser().readContents(broken, null, options);

        assertThat(result.getMessages()).isNotEmpty();
    }
}
