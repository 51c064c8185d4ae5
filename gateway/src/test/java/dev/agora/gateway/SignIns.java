package dev.agora.gateway;

import static io.restassured.RestAssured.given;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.agora.testsupport.TestTokens;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/** Accounts and their sign-ins for the security tests: each sign-in is a session with its own access token. */
final class SignIns {
    static final String PASSWORD = "correct horse battery";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One sign-in of a user: its tokens and its session ({@code sid}). */
    record SignIn(String userId, String email, String accessToken, String refreshToken) {
        RequestSpecification as() {
            return given().auth().oauth2(accessToken).contentType(ContentType.JSON);
        }

        UUID sessionId() {
            return UUID.fromString(claims(accessToken).path("sid").asText());
        }

        /** The same access token as a refresh long after the password was typed would give (same sid, old auth_time). */
        String staleToken(long ageSeconds) {
            ObjectNode claims = (ObjectNode) claims(accessToken);
            claims.put("auth_time", claims.path("iat").asLong() - ageSeconds);
            return TestTokens.sign(claims.toString());
        }
    }

    private SignIns() {
    }

    /** A new account, signed in once. */
    static SignIn newAccount() {
        String email = AuthFlowTest.uniqueEmail();
        String id = AuthFlowTest.register(email);
        return signIn(id, email);
    }

    /** Another sign-in (session) of the same account. */
    static SignIn signIn(String userId, String email) {
        Response login = AuthFlowTest.login(email, PASSWORD);
        login.then().statusCode(200);
        return new SignIn(userId, email, login.path("accessToken"), login.path("refreshToken"));
    }

    static SignIn again(SignIn account) {
        return signIn(account.userId(), account.email());
    }

    static Response refresh(String refreshToken) {
        return given().contentType(ContentType.JSON).body("{\"refreshToken\":\"" + refreshToken + "\"}")
                .when().post("/auth/refresh");
    }

    static JsonNode claims(String jwt) {
        try {
            return JSON.readTree(new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
