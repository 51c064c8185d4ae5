package dev.agora.gateway.apikey.service;

import java.util.UUID;

/** Who an API key acts for: a user, an organization or a service account. */
public sealed interface KeyOwner {
    UUID id();

    /** The {@code ApiKey} attribute naming this kind of owner. */
    String column();

    record OfUser(UUID id) implements KeyOwner {
        @Override
        public String column() {
            return "userId";
        }
    }

    record OfOrganization(UUID id, String slug) implements KeyOwner {
        @Override
        public String column() {
            return "organizationId";
        }
    }

    record OfServiceAccount(UUID id) implements KeyOwner {
        @Override
        public String column() {
            return "serviceAccountId";
        }
    }
}
