package dev.agora.system;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.SQLException;
import java.util.UUID;

import dev.agora.local.ServiceSpec;
import dev.agora.local.Stack;
import io.restassured.http.ContentType;

/**
 * Money for priced hires, as users get it: the user reports a deposit ({@code funding}) and the chain watcher confirms
 * it, here a platform admin (a verified account made admin in the gateway's database, as an operator would).
 */
final class Deposits {
    private static final String PASSWORD = "deposits admin passphrase";
    private final Stack stack;
    private String admin;

    Deposits(Stack stack) {
        this.stack = stack;
    }

    /** Credits {@code microAlgo} to the user's balance; a deposit names a listed agent. */
    void fund(String userToken, String listedAgentId, long microAlgo) {
        String deposit = given().auth().oauth2(userToken).contentType(ContentType.JSON)
                .body("{\"type\":\"funding\",\"agentId\":\"" + listedAgentId + "\",\"amount\":\"" + microAlgo
                        + "\",\"asset\":\"microALGO\",\"chain\":\"algorand\",\"signature\":\"deposit-" + UUID.randomUUID() + "\"}")
                .when().post("/api/marketplace/transactions").then().statusCode(201).extract().path("id");
        given().auth().oauth2(admin()).contentType(ContentType.JSON).when()
                .post("/api/marketplace/transactions/" + deposit + "/confirm").then().statusCode(200);
    }

    private synchronized String admin() {
        if (admin == null) {
            String email = "operator-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
            given().contentType(ContentType.JSON)
                    .body("{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\",\"displayName\":\"Operator\"}")
                    .when().post("/auth/register").then().statusCode(201);
            try {
                assertEquals(1, ServiceDatabases.update(stack, ServiceSpec.GATEWAY,
                        "update users set platform_admin = true where email = ?", email));
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
            admin = given().contentType(ContentType.JSON).body("{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\"}")
                    .when().post("/auth/login").then().statusCode(200).extract().path("accessToken");
        }
        return admin;
    }
}
