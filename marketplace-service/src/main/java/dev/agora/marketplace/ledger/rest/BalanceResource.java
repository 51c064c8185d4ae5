package dev.agora.marketplace.ledger.rest;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.server.Cancellable;

import dev.agora.common.auth.CurrentUser;
import dev.agora.marketplace.ledger.model.BalanceView;
import dev.agora.marketplace.ledger.service.LedgerService;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;

/** The caller's own balance: there is no way to name another user's. */
@Path("/api/marketplace/balance")
@Cancellable(false)
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "balance")
public class BalanceResource {
    private final LedgerService ledger;
    private final CurrentUser user;

    public BalanceResource(LedgerService ledger, CurrentUser user) {
        this.ledger = ledger;
        this.user = user;
    }

    @GET
    @Operation(summary = "My balance",
            description = "{asset: microALGO, available, inEscrow}: whole microALGO as strings. available = confirmed"
                    + " deposits − budgets reserved by my hires + what my agents earned + refunds; inEscrow = what my"
                    + " open hires hold until they complete (paid to the agent's owner) or fail or are cancelled"
                    + " (back to available).")
    public Uni<BalanceView> balance() {
        return ledger.balance(user.id());
    }
}
