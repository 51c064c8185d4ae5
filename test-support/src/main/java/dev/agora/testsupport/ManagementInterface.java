package dev.agora.testsupport;

import java.net.URI;

import org.eclipse.microprofile.config.ConfigProvider;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;

/**
 * The management interface of the service under test ({@code @QuarkusTest}): health, metrics and OpenAPI are served
 * there, on a port of their own ({@code quarkus.management.test-port=0}: a free one), not on the main port that
 * rest-assured's defaults point at.
 */
public final class ManagementInterface {
    private ManagementInterface() {
    }

    /** The management interface's base URL, as Quarkus publishes it to the tests ({@code test.management.url}). */
    public static URI url() {
        return URI.create(ConfigProvider.getConfig().getValue("test.management.url", String.class));
    }

    /** A request to the management interface; its port is set explicitly, as rest-assured's default port would win. */
    public static RequestSpecification given() {
        URI url = url();
        return RestAssured.given().baseUri(url.getScheme() + "://" + url.getHost()).port(url.getPort()).basePath("");
    }
}
