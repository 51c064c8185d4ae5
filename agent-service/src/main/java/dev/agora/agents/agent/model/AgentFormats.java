package dev.agora.agents.agent.model;

/** Formats of the agent's fields, shared by the create and update requests. */
final class AgentFormats {
    static final String SUBDOMAIN = "^[a-z0-9-]+$";
    static final String SUBDOMAIN_MESSAGE = "must contain only lowercase letters, digits and hyphens";
    static final String GITHUB_OWNER = "^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$";
    static final String GITHUB_OWNER_MESSAGE = "must be a GitHub user or organization name";
    static final String GITHUB_REPO = "^[A-Za-z0-9._-]{1,100}$";
    static final String GITHUB_REPO_MESSAGE = "must be a GitHub repository name";
    static final String TAG = "^[A-Za-z0-9][A-Za-z0-9 ._+#-]{0,49}$";
    static final String TAG_MESSAGE = "must be 1 to 50 letters, digits, spaces or . _ + # -";
    static final String ALGORAND_ADDRESS = "^[A-Z2-7]{58}$";
    static final String ALGORAND_ADDRESS_MESSAGE = "must be a 58-character Algorand address";

    static final String ORG_SLUG = "^[a-z0-9-]+$";
    static final String ORG_SLUG_MESSAGE = "must be an organization slug: lowercase letters, digits and hyphens";
    static final int MAX_ORGS = 10;

    static final String SLUG = "^[a-z0-9-]{3,100}$";
    static final String SLUG_MESSAGE = "must be 3 to 100 lowercase letters, digits and hyphens";
    static final String HTTP_URL = "^https?://\\S+$";
    static final String HTTP_URL_MESSAGE = "must be an http(s) URL";
    static final String TYPE = "^(context|api|external)$";
    static final String TYPE_MESSAGE = "must be one of context, api, external";
    static final String AVAILABILITY = "^(available|busy|offline)$";
    static final String AVAILABILITY_MESSAGE = "must be one of available, busy, offline";
    static final String CAPABILITY = "^[A-Za-z0-9][A-Za-z0-9 ._:/+#-]{0,99}$";
    static final String CAPABILITY_MESSAGE = "must be 1 to 100 letters, digits, spaces or . _ : / + # -";

    private AgentFormats() {
    }
}
