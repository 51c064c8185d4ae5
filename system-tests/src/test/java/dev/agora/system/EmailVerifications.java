package dev.agora.system;

import static io.restassured.RestAssured.given;

import java.time.Duration;

import dev.agora.local.LocalMailbox;
import dev.agora.local.Stack;
import io.restassured.http.ContentType;

/** Users verify their address as anyone does: with the token of the mail the gateway wrote to the stack's mailbox. */
final class EmailVerifications {
    static final Duration MAIL_WAIT = Duration.ofSeconds(30);

    private EmailVerifications() {
    }

    static void verify(Stack stack, String email) {
        String token = new LocalMailbox(stack.mailDirectory()).verificationToken(email, MAIL_WAIT);
        given().contentType(ContentType.JSON).body("{\"token\":\"" + token + "\"}").when().post("/auth/verify-email")
                .then().statusCode(204);
    }
}
