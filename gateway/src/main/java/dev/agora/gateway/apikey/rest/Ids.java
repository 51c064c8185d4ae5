package dev.agora.gateway.apikey.rest;

import java.util.UUID;

import dev.agora.common.problem.ProblemException;

final class Ids {
    private Ids() {
    }

    /** A path id that is not a UUID names nothing: 404, like an unknown one. */
    static UUID parse(String id, String what) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound(what + " " + id);
        }
    }
}
