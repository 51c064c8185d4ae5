package dev.agora.system;

import static io.restassured.RestAssured.given;

import java.sql.SQLException;
import java.util.UUID;

import dev.agora.local.ServiceSpec;
import dev.agora.local.Stack;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/** Users of the stack under test, registered and signed in through the gateway as a person would. */
final class Accounts {
    static final String PASSWORD = MatrixFixtures.PASSWORD;
    private final Stack stack;

    Accounts(Stack stack) {
        this.stack = stack;
    }

    /** A signed-in user: their id, email, access token and refresh token. */
    record Account(String id, String email, String token, String refreshToken) {
    }

    /** Registers a new user, verifies their address with the mailed token, and signs them in. */
    Account register(String name) {
        String email = name + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
        String id = given().contentType(ContentType.JSON)
                .body("{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\",\"displayName\":\"" + name + "\"}")
                .when().post("/auth/register").then().statusCode(201).extract().path("id");
        EmailVerifications.verify(stack, email);
        return signIn(id, email);
    }

    /** A new user made platform admin in the gateway's database, as an operator would, and signed in as such. */
    Account platformAdmin(String name) {
        Account account = register(name);
        try {
            if (ServiceDatabases.update(stack, ServiceSpec.GATEWAY, "update users set platform_admin = true"
                    + " where id = ?::uuid", account.id()) != 1) {
                throw new IllegalStateException("no user " + account.id());
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return login(account);
    }

    /** A new sign-in of the same user: a new session, and a token that carries their memberships as they are now. */
    Account login(Account account) {
        return signIn(account.id(), account.email());
    }

    private static Account signIn(String id, String email) {
        JsonPath tokens = given().contentType(ContentType.JSON)
                .body("{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\"}")
                .when().post("/auth/login").then().statusCode(200).extract().jsonPath();
        return new Account(id, email, tokens.getString("accessToken"), tokens.getString("refreshToken"));
    }
}
