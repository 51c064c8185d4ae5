package dev.agora.common.auth;

import io.smallrye.jwt.auth.principal.ParseException;

/** A valid token of a sign-in session that has ended (logout, revocation, password change): refused with a 401. */
public class SessionEndedException extends ParseException {
    public static final String DETAIL = "the session of this token has ended: sign in again";

    public SessionEndedException() {
        super(DETAIL);
    }
}
