package dev.agora.triggers;

import java.util.UUID;

/** Trigger bodies for the tests. */
public final class TestTriggers {

    private TestTriggers() {
    }

    /** A chain trigger on the reputation registry of {@code chainId}. */
    public static String chain(long chainId, String filter, String conditions, String groupBy) {
        return ("{'name':'Low scores','description':'watch my agent','source':{'type':'chain','chainId':" + chainId
                + ",'registry':'reputation'},'filter':" + filter + ",'conditions':" + conditions + ",'groupBy':"
                + (groupBy == null ? "null" : "'" + groupBy + "'")
                + ",'actions':[{'type':'rest','priority':2,'config':{'url':'https://example.com/hook','authToken':'s3cret'}},"
                + "{'type':'notification'}]}").replace('\'', '"');
    }

    public static String platform(String eventTypes, String filter, String conditions) {
        return ("{'name':'Platform watch " + UUID.randomUUID() + "','source':{'type':'platform','eventTypes':" + eventTypes
                + "},'filter':" + filter + ",'conditions':" + conditions + ",'actions':[{'type':'notification'}]}")
                .replace('\'', '"');
    }
}
