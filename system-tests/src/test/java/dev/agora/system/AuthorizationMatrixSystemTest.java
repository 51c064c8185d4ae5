package dev.agora.system;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.agora.local.Stack;
import dev.agora.local.StackOptions;
import io.restassured.RestAssured;

/**
 * Every operation of the merged OpenAPI document, called as no one, as a stranger, as a viewer and as an admin of the
 * owner's organization, and as the owner: each answers what {@code authorization-matrix.txt} documents. An operation
 * without a row, or a row without an operation, fails the test, so no operation is added without deciding who may
 * call it.
 */
class AuthorizationMatrixSystemTest {
    private static final Set<String> METHODS = Set.of("get", "post", "put", "patch", "delete");
    private static Stack stack;

    @BeforeAll
    static void startTheSuite() throws IOException {
        Path root = Path.of(System.getProperty("agora.root", "..")).toAbsolutePath().normalize();
        stack = Stack.start(StackOptions.isolated(Files.createTempDirectory("agora-matrix-"), root));
        RestAssured.baseURI = stack.gatewayUrl();
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    @AfterAll
    static void stopTheSuite() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void everyOperationHasARowAndEveryRowAnOperation() throws IOException {
        Set<String> documented = new TreeSet<>();
        Map<String, Map<String, Object>> paths = given().when().get("/openapi").then().statusCode(200).extract()
                .jsonPath().getMap("paths");
        paths.forEach((path, operations) -> operations.keySet().stream().filter(METHODS::contains)
                .forEach(method -> documented.add(method.toUpperCase() + " " + path)));
        Set<String> rows = new TreeSet<>();
        for (AuthorizationMatrix.Row row : AuthorizationMatrix.load()) {
            assertEquals(true, rows.add(row.operation()), "two rows for " + row.operation());
        }

        Set<String> withoutRow = new TreeSet<>(documented);
        withoutRow.removeAll(rows);
        Set<String> withoutOperation = new TreeSet<>(rows);
        withoutOperation.removeAll(documented);
        assertEquals(Set.of(), withoutRow, "operations without a row in authorization-matrix.txt");
        assertEquals(Set.of(), withoutOperation, "rows of authorization-matrix.txt naming no operation");
    }

    @Test
    void everyCallerGetsTheDocumentedAnswerFromEveryOperation() throws IOException {
        Accounts accounts = new Accounts(stack);
        MatrixFixtures fixtures = MatrixFixtures.create(accounts, new Deposits(stack));
        List<String> mismatches = new ArrayList<>();
        for (AuthorizationMatrix.Row row : AuthorizationMatrix.load()) {
            mismatches.addAll(AuthorizationMatrix.check(row, fixtures, accounts));
        }
        assertEquals(List.of(), mismatches, mismatches.size() + " answers differ from the matrix:\n"
                + String.join("\n", mismatches));
    }
}
