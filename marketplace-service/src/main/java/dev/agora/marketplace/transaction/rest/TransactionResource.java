package dev.agora.marketplace.transaction.rest;

import java.util.UUID;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.server.Cancellable;

import dev.agora.common.auth.CurrentUser;
import dev.agora.common.paging.Page;
import dev.agora.common.paging.PageRequest;
import dev.agora.marketplace.transaction.model.CreateTransactionRequest;
import dev.agora.marketplace.transaction.model.TotalsView;
import dev.agora.marketplace.transaction.model.TransactionView;
import dev.agora.marketplace.transaction.service.TransactionService;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;

/** On-chain transactions: reported by users, settled by the payments service (or a platform admin). */
@Path("/api/marketplace/transactions")
@Cancellable(false)
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "transactions")
public class TransactionResource {
    private final TransactionService transactions;
    private final CurrentUser user;

    public TransactionResource(TransactionService transactions, CurrentUser user) {
        this.transactions = transactions;
        this.user = user;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Report a transaction (pending); the same signature again answers the recorded one (200)",
            description = "A funding transaction is a deposit to my balance: whole microALGO, asset microALGO.")
    public Uni<Response> record(CreateTransactionRequest request) {
        return transactions.record(user.id(), request).map(recorded -> Response
                .status(recorded.created() ? Response.Status.CREATED : Response.Status.OK)
                .entity(recorded.transaction()).build());
    }

    @GET
    @Operation(summary = "My transactions, newest first")
    public Uni<Page<TransactionView>> list(@QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        return transactions.list(user.id(), PageRequest.of(limit, cursor, TransactionService.CURSOR_PARTS));
    }

    @GET
    @Path("totals")
    @Operation(summary = "What I spent and what my agents earned: confirmed minus refunded, per asset",
            description = "On-chain transactions only; the ledger's movements are read at /api/marketplace/balance.")
    public Uni<TotalsView> totals() {
        return transactions.totals(user.id());
    }

    @GET
    @Path("{id}")
    public Uni<TransactionView> get(@PathParam("id") UUID id) {
        return transactions.get(user, id);
    }

    @POST
    @Path("{id}/confirm")
    @Operation(summary = "pending → confirmed (role payments or platform admin)",
            description = "A confirmed deposit (funding in microALGO) credits the depositor's balance.")
    public Uni<TransactionView> confirm(@PathParam("id") UUID id) {
        return transactions.confirm(user, id);
    }

    @POST
    @Path("{id}/fail")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "pending → failed (role payments or platform admin)")
    public Uni<TransactionView> fail(@PathParam("id") UUID id, SettleRequest request) {
        return transactions.fail(user, id, request == null ? null : request.reason());
    }

    @POST
    @Path("{id}/refund")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "confirmed → refunded by an amount up to what was paid (role payments or platform admin)",
            description = "A refunded deposit is taken back from the balance: 409 naming amount when it was spent."
                    + " The ledger's own rows (chain agora) are final: 409.")
    public Uni<TransactionView> refund(@PathParam("id") UUID id, SettleRequest request) {
        return transactions.refund(user, id, request == null ? null : request.amount());
    }
}
