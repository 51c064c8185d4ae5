package dev.agora.common.paging;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.agora.common.problem.ProblemException;

class PageRequestTest {

    @Test
    void defaultsToTwentyAndRejectsLimitsOutsideOneToTwoHundredNamingTheField() {
        assertEquals(20, PageRequest.of(null, null, 2).limit());
        assertEquals(200, PageRequest.of("200", null, 2).limit());
        for (String bad : new String[] { "0", "-1", "201", "abc", "1.5" }) {
            ProblemException problem = assertThrows(ProblemException.class, () -> PageRequest.of(bad, null, 2));
            assertEquals(400, problem.status());
            assertEquals("limit", problem.errors().get(0).field());
        }
    }

    @Test
    void cursorRoundTripsItsParts() {
        String cursor = PageRequest.encodeCursor("2026-11-23T10:00:00Z", "abc");
        assertArrayEquals(new String[] { "2026-11-23T10:00:00Z", "abc" }, PageRequest.of("5", cursor, 2).cursor());
        assertFalse(PageRequest.of("5", "", 2).hasCursor());
    }

    @Test
    void readsTypedCursorPartsAndRejectsMalformedOnes() {
        java.util.UUID id = java.util.UUID.randomUUID();
        PageRequest page = PageRequest.of("5", PageRequest.encodeCursor(true, "2026-11-23T10:00:00Z", id), 3);
        assertEquals(true, page.booleanAt(0));
        assertEquals(java.time.Instant.parse("2026-11-23T10:00:00Z"), page.instantAt(1));
        assertEquals(id, page.uuidAt(2));

        PageRequest forged = PageRequest.of("5", PageRequest.encodeCursor("maybe", "yesterday", "not-a-uuid"), 3);
        assertEquals("cursor", assertThrows(ProblemException.class, () -> forged.booleanAt(0)).errors().get(0).field());
        assertEquals("cursor", assertThrows(ProblemException.class, () -> forged.instantAt(1)).errors().get(0).field());
        assertEquals("cursor", assertThrows(ProblemException.class, () -> forged.uuidAt(2)).errors().get(0).field());
    }

    @Test
    void rejectsACursorItDidNotIssue() {
        for (String bad : new String[] { "%%%", PageRequest.encodeCursor("only-one-part") }) {
            ProblemException problem = assertThrows(ProblemException.class, () -> PageRequest.of("5", bad, 2));
            assertEquals("cursor", problem.errors().get(0).field());
        }
    }

    @Test
    void pageTellsThereIsMoreOnlyWhenTheExtraRowCameBack() {
        Page<String> more = Page.of(List.of(1, 2, 3), 2, String::valueOf, n -> "after-" + n);
        assertEquals(List.of("1", "2"), more.items());
        assertEquals("after-2", more.nextCursor());

        Page<String> last = Page.of(List.of(1, 2), 2, String::valueOf, n -> "after-" + n);
        assertNull(last.nextCursor());
    }
}
