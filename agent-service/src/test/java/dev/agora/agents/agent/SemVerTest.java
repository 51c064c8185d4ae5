package dev.agora.agents.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import dev.agora.agents.agent.service.SemVer;

class SemVerTest {

    @Test
    void parsesOnlyMajorMinorPatchWithoutLeadingZeros() {
        assertEquals(new SemVer(1, 2, 3), SemVer.parse("1.2.3"));
        assertEquals(new SemVer(0, 10, 0), SemVer.parse("0.10.0"));
        for (String bad : new String[] { null, "", "1.2", "1.2.3.4", "01.2.3", "1.2.3-beta", "v1.2.3", "1.2.x",
                "1234567890.0.0" }) {
            assertNull(SemVer.parse(bad), bad);
        }
    }

    @Test
    void comparesByMajorThenMinorThenPatchAsNumbers() {
        assertTrue(SemVer.parse("1.10.0").compareTo(SemVer.parse("1.9.9")) > 0);
        assertTrue(SemVer.parse("2.0.0").compareTo(SemVer.parse("1.99.99")) > 0);
        assertTrue(SemVer.parse("1.0.1").compareTo(SemVer.parse("1.0.0")) > 0);
        assertEquals(0, SemVer.parse("1.0.0").compareTo(SemVer.FIRST));
    }

    @Test
    void theDefaultNextReleaseIsTheNextMinor() {
        assertEquals("1.3.0", SemVer.parse("1.2.7").nextMinor().toString());
    }
}
