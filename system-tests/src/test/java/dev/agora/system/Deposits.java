package dev.agora.system;

import static io.restassured.RestAssured.given;

import java.util.UUID;

import dev.agora.local.Stack;
import io.restassured.http.ContentType;

/**
 * Money for priced hires, as users get it: the user reports a deposit ({@code funding}) and the chain watcher confirms
 * it, here a platform admin ({@link Accounts#platformAdmin}).
 */
final class Deposits {
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
            admin = new Accounts(stack).platformAdmin("operator").token();
        }
        return admin;
    }
}
