package dev.agora.gateway.org.service;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import dev.agora.common.events.Topics;
import dev.agora.common.outbox.OutboxWriter;
import dev.agora.common.outbox.WithOutboxTransaction;
import dev.agora.common.paging.Batches;
import dev.agora.gateway.org.events.OrgEvents;
import dev.agora.gateway.org.repository.Membership;
import dev.agora.gateway.org.repository.MembershipRepository;
import dev.agora.gateway.org.repository.Organization;
import dev.agora.gateway.org.repository.OrganizationRepository;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * One page of {@link OrgSnapshots}: its organizations' member lists, written to the outbox in one transaction that
 * holds membership changes back, so that each list follows, on the organization's partition, every change before it.
 */
@ApplicationScoped
public class OrgSnapshotPage {
    private final OrganizationRepository organizations;
    private final MembershipRepository memberships;
    private final OutboxWriter outbox;

    public OrgSnapshotPage(OrganizationRepository organizations, MembershipRepository memberships, OutboxWriter outbox) {
        this.organizations = organizations;
        this.memberships = memberships;
        this.outbox = outbox;
    }

    @WithOutboxTransaction
    public Uni<Batches.Batch<UUID>> send(UUID after, int size) {
        return memberships.lockAgainstChanges()
                .chain(() -> organizations.pageAfter(after, size))
                .chain(page -> memberships.listOfOrganizations(page.stream().map(org -> org.id).toList())
                        .chain(members -> sendAll(page, members.stream()
                                .collect(Collectors.groupingBy(member -> member.organizationId))))
                        .map(ignored -> new Batches.Batch<>(page.isEmpty() ? null : page.get(page.size() - 1).id,
                                page.size())));
    }

    private Uni<List<Void>> sendAll(List<Organization> page, Map<UUID, List<Membership>> members) {
        return Multi.createFrom().iterable(page).onItem().transformToUniAndConcatenate(org -> outbox.append(
                Topics.IDENTITY, OrgEvents.MEMBERS_SNAPSHOT, org.id, new OrgEvents.MembersSnapshot(org.id, org.slug,
                        members.getOrDefault(org.id, List.of()).stream()
                                .map(member -> new OrgEvents.Member(member.userId, member.role)).toList()),
                OrgEvents.members(org.slug)).replaceWithVoid())
                .collect().asList();
    }
}
