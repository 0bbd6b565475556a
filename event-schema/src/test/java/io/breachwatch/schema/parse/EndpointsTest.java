package io.breachwatch.schema.parse;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Calls aggregate by endpoint: ids out, names in, query gone. */
class EndpointsTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "/orders/12345|/orders/{id}",
            "/orders/12345/items?page=2|/orders/{id}/items",
            "/customers/3f2504e0-4f89-11d3-9a0c-0305e82c3301/export|/customers/{id}/export",
            "/customers/3F2504E0-4F89-11D3-9A0C-0305E82C3301|/customers/{id}",
            "/sessions/5f1d7c2e9a4b3c2d1e0f9a8b|/sessions/{id}",
            "/blobs/e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855|/blobs/{id}",
            "/api/v2/users|/api/v2/users",
            "/2fa/setup|/2fa/setup",
            "/deadbeefdeadbeefdeadbeef|/deadbeefdeadbeefdeadbeef",
            "/cart;jsessionid=0123456789ABCDEF/checkout|/cart/checkout",
            "/a/b/#frag|/a/b/",
            "http://api.example.com:8080/v1/orders/7?x=1|/v1/orders/{id}",
            "https://example.com|/",
            "*|*",
            "example.com:443|example.com:443",
            "''|/",
            "/|/"})
    void templates(String target, String template) {
        assertThat(Endpoints.template(target)).isEqualTo(template);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"4000", "100000"})
    void longPathsAreCutToTheLimit(int segments) {
        String template = Endpoints.template("/a".repeat(segments));

        assertThat(template).hasSize(Endpoints.MAX_TEMPLATE_CHARS).endsWith("…");
        assertThat(Endpoints.operation("GET", "/x/9")).isEqualTo("GET /x/{id}");
    }
}
