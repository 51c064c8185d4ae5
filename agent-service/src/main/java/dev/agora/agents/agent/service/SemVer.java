package dev.agora.agents.agent.service;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A release version MAJOR.MINOR.PATCH (no pre-release or build parts), ordered numerically. */
public record SemVer(long major, long minor, long patch) implements Comparable<SemVer> {
    private static final Pattern FORMAT = Pattern.compile("^(0|[1-9]\\d{0,8})\\.(0|[1-9]\\d{0,8})\\.(0|[1-9]\\d{0,8})$");
    public static final SemVer FIRST = new SemVer(1, 0, 0);

    /** The version, or null when {@code text} is not MAJOR.MINOR.PATCH. */
    public static SemVer parse(String text) {
        Matcher m = text == null ? null : FORMAT.matcher(text);
        if (m == null || !m.matches()) {
            return null;
        }
        return new SemVer(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3)));
    }

    /** The default next release: the next minor version. */
    public SemVer nextMinor() {
        return new SemVer(major, minor + 1, 0);
    }

    @Override
    public int compareTo(SemVer other) {
        int byMajor = Long.compare(major, other.major);
        if (byMajor != 0) {
            return byMajor;
        }
        int byMinor = Long.compare(minor, other.minor);
        return byMinor != 0 ? byMinor : Long.compare(patch, other.patch);
    }

    @Override
    public String toString() {
        return major + "." + minor + "." + patch;
    }
}
