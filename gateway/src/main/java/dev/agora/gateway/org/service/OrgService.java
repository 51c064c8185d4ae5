package dev.agora.gateway.org.service;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import dev.agora.common.events.Topics;
import dev.agora.common.outbox.OutboxWriter;
import dev.agora.common.outbox.WithOutboxTransaction;
import dev.agora.common.paging.Page;
import dev.agora.common.paging.PageRequest;
import dev.agora.common.problem.DatabaseErrors;
import dev.agora.common.problem.ProblemException;
import dev.agora.gateway.org.events.OrgEvents;
import dev.agora.gateway.org.repository.Membership;
import dev.agora.gateway.org.repository.MembershipRepository;
import dev.agora.gateway.org.repository.Organization;
import dev.agora.gateway.org.repository.OrganizationRepository;
import dev.agora.gateway.org.model.AddMemberRequest;
import dev.agora.gateway.org.model.CreateOrgRequest;
import dev.agora.gateway.org.model.MemberView;
import dev.agora.gateway.org.model.OrgView;
import dev.agora.gateway.org.model.Roles;
import dev.agora.gateway.org.model.UpdateOrgRequest;
import dev.agora.gateway.user.repository.User;
import dev.agora.gateway.user.repository.UserRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/**
 * Organizations and their memberships. Visibility: only members see an organization (anyone else gets 404);
 * changing it or its members takes the {@code admin} role (403 otherwise), except that a member may leave.
 * Every organization keeps at least one admin: membership changes lock the organization row, so two admins
 * demoting each other at once cannot leave it without one.
 */
@ApplicationScoped
public class OrgService {
    private static final String LAST_ADMIN = "an organization needs at least one admin: make another member admin first";

    private final OrganizationRepository organizations;
    private final MembershipRepository memberships;
    private final UserRepository users;
    private final OutboxWriter outbox;

    public OrgService(OrganizationRepository organizations, MembershipRepository memberships, UserRepository users,
            OutboxWriter outbox) {
        this.organizations = organizations;
        this.memberships = memberships;
        this.users = users;
        this.outbox = outbox;
    }

    /** An organization and the caller's membership of it. */
    private record Access(Organization org, Membership caller) {
        boolean isAdmin() {
            return Roles.ADMIN.equals(caller.role);
        }
    }

    /** Creates the organization with its creator as admin; publishes {@code created} then {@code member-added}. */
    @WithOutboxTransaction
    public Uni<OrgView> create(UUID callerId, CreateOrgRequest request) {
        Organization org = new Organization();
        org.id = UUID.randomUUID();
        org.slug = request.slug();
        org.name = request.name();
        org.description = request.description();
        org.url = request.url();
        org.settings = OrgSettings.validate(request.settings());
        org.createdBy = callerId;
        org.createdAt = now();
        org.updatedAt = org.createdAt;
        Membership admin = new Membership();
        admin.organizationId = org.id;
        admin.userId = callerId;
        admin.role = Roles.ADMIN;
        admin.grantedBy = callerId;
        admin.grantedAt = org.createdAt;
        return organizations.slugTaken(org.slug)
                .invoke(taken -> {
                    if (taken) {
                        throw slugTaken();
                    }
                })
                .chain(() -> organizations.persistAndFlush(org))
                // two creations racing past the check: the unique index decides
                .onFailure(DatabaseErrors::isUniqueViolation).transform(failure -> slugTaken())
                .chain(() -> memberships.persistAndFlush(admin))
                .call(() -> outbox.append(Topics.IDENTITY, OrgEvents.CREATED, org.id,
                        new OrgEvents.Created(org.id, org.slug, org.name, org.createdBy, org.createdAt),
                        OrgEvents.audience(org.slug, callerId)))
                .call(() -> outbox.append(Topics.IDENTITY, OrgEvents.MEMBER_ADDED, org.id,
                        new OrgEvents.MemberAdded(org.id, org.slug, callerId, admin.role, callerId, admin.grantedAt),
                        OrgEvents.audience(org.slug, callerId)))
                .replaceWith(() -> OrgView.of(org, Roles.ADMIN));
    }

    /** The caller's organizations, by slug, each with the caller's role. */
    @WithSession
    public Uni<Page<OrgView>> listMine(UUID callerId, PageRequest page) {
        String after = page.hasCursor() ? page.cursor()[0] : null;
        return organizations.listOfMember(callerId, after, page.limit() + 1)
                .chain(rows -> memberships.listOfUserIn(callerId, rows.stream().map(o -> o.id).toList())
                        .map(mine -> {
                            Map<UUID, String> roles = mine.stream()
                                    .collect(Collectors.toMap(m -> m.organizationId, m -> m.role));
                            return Page.of(rows, page.limit(), o -> OrgView.of(o, roles.get(o.id)),
                                    o -> PageRequest.encodeCursor(o.slug));
                        }));
    }

    @WithSession
    public Uni<OrgView> get(UUID callerId, String slug) {
        return access(callerId, slug, false).map(access -> OrgView.of(access.org(), access.caller().role));
    }

    /** Admins only. Absent fields stay; an empty description or url clears it; settings are replaced whole. */
    @WithTransaction
    public Uni<OrgView> update(UUID callerId, String slug, UpdateOrgRequest request) {
        var settings = request.settings() == null ? null : OrgSettings.validate(request.settings());
        return access(callerId, slug, true).map(access -> {
            requireAdmin(access);
            Organization org = access.org();
            if (request.name() != null) {
                org.name = request.name();
            }
            if (request.description() != null) {
                org.description = request.description().isEmpty() ? null : request.description();
            }
            if (request.url() != null) {
                org.url = request.url().isEmpty() ? null : request.url();
            }
            if (settings != null) {
                org.settings = settings;
            }
            org.updatedAt = now();
            return OrgView.of(org, access.caller().role);
        });
    }

    /** Members in the order they joined; every member may read them. */
    @WithSession
    public Uni<Page<MemberView>> members(UUID callerId, String slug, PageRequest page) {
        Instant afterGrantedAt = page.hasCursor() ? page.instantAt(0) : null;
        UUID afterUserId = page.hasCursor() ? page.uuidAt(1) : null;
        return access(callerId, slug, false)
                .chain(access -> memberships.listOfOrganization(access.org().id, afterGrantedAt, afterUserId,
                        page.limit() + 1))
                .chain(rows -> usersById(rows.stream().map(m -> m.userId).toList())
                        .map(people -> Page.of(rows, page.limit(), m -> MemberView.of(m, people.get(m.userId)),
                                m -> PageRequest.encodeCursor(m.grantedAt, m.userId))));
    }

    @WithSession
    public Uni<MemberView> member(UUID callerId, String slug, UUID userId) {
        return access(callerId, slug, false)
                .chain(access -> memberOf(access, userId))
                .chain(target -> users.findById(userId).map(user -> MemberView.of(target, user)));
    }

    /** Admins only: adds an existing, active user by email; publishes {@code member-added}. */
    @WithOutboxTransaction
    public Uni<MemberView> addMember(UUID callerId, String slug, AddMemberRequest request) {
        return access(callerId, slug, true).chain(access -> {
            requireAdmin(access);
            Organization org = access.org();
            return users.findByEmail(request.email())
                    .invoke(user -> {
                        if (user == null || !user.active) {
                            throw ProblemException.badRequest("email", "no active user has this email");
                        }
                    })
                    .call(user -> memberships.findMember(org.id, user.id).invoke(existing -> {
                        if (existing != null) {
                            throw ProblemException.conflict("email", "this user is already a member");
                        }
                    }))
                    .chain(user -> {
                        Membership added = new Membership();
                        added.organizationId = org.id;
                        added.userId = user.id;
                        added.role = request.role();
                        added.grantedBy = callerId;
                        added.grantedAt = now();
                        return memberships.persistAndFlush(added)
                                .call(() -> outbox.append(Topics.IDENTITY, OrgEvents.MEMBER_ADDED, org.id,
                                        new OrgEvents.MemberAdded(org.id, org.slug, user.id, added.role, callerId,
                                                added.grantedAt), OrgEvents.audience(org.slug, user.id)))
                                .map(ignored -> MemberView.of(added, user));
                    });
        });
    }

    /**
     * Admins only: a new role takes effect in the member's access tokens at their next refresh. Setting the role
     * a member already has changes nothing; demoting the last admin is refused (409).
     */
    @WithOutboxTransaction
    public Uni<MemberView> changeRole(UUID callerId, String slug, UUID userId, String role) {
        return access(callerId, slug, true).chain(access -> {
            requireAdmin(access);
            Organization org = access.org();
            return memberOf(access, userId)
                    .call(target -> Roles.ADMIN.equals(target.role) && !Roles.ADMIN.equals(role)
                            ? requireAnotherAdmin(org)
                            : Uni.createFrom().voidItem())
                    .chain(target -> {
                        if (target.role.equals(role)) {
                            return Uni.createFrom().item(target);
                        }
                        String previous = target.role;
                        target.role = role;
                        target.grantedBy = callerId;
                        target.grantedAt = now();
                        return outbox.append(Topics.IDENTITY, OrgEvents.MEMBER_ROLE_CHANGED, org.id,
                                new OrgEvents.MemberRoleChanged(org.id, org.slug, userId, role, previous, callerId,
                                        target.grantedAt), OrgEvents.audience(org.slug, userId))
                                .replaceWith(target);
                    })
                    .chain(target -> users.findById(userId).map(user -> MemberView.of(target, user)));
        });
    }

    /** Admins remove anyone, any member may leave; the last admin can do neither (409). */
    @WithOutboxTransaction
    public Uni<Void> removeMember(UUID callerId, String slug, UUID userId) {
        return access(callerId, slug, true).chain(access -> {
            if (!callerId.equals(userId)) {
                requireAdmin(access);
            }
            Organization org = access.org();
            return memberOf(access, userId)
                    .call(target -> Roles.ADMIN.equals(target.role) ? requireAnotherAdmin(org) : Uni.createFrom().voidItem())
                    .call(target -> memberships.delete(target))
                    .call(target -> outbox.append(Topics.IDENTITY, OrgEvents.MEMBER_REMOVED, org.id,
                            new OrgEvents.MemberRemoved(org.id, org.slug, userId, target.role, callerId, now()),
                            OrgEvents.audience(org.slug, userId)))
                    .replaceWithVoid();
        });
    }

    /**
     * Takes a user who is deleting their account out of every organization, one {@code member-removed} event
     * each (removedBy = the user); joins the caller's outbox transaction. The last admin of an organization
     * cannot go (409): they hand the organization over first.
     */
    public Uni<Void> leaveAll(UUID userId) {
        return memberships.listOfUser(userId).chain(mine -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (Membership membership : mine) {
                chain = chain.chain(() -> organizations.findById(membership.organizationId, LockModeType.PESSIMISTIC_WRITE)
                        .chain(org -> (Roles.ADMIN.equals(membership.role)
                                ? memberships.countAdmins(org.id).invoke(admins -> {
                                    if (admins <= 1) {
                                        throw ProblemException.conflict("you are the last admin of " + org.slug
                                                + ": make another member admin before deleting your account");
                                    }
                                }).replaceWithVoid()
                                : Uni.createFrom().voidItem())
                                .call(() -> memberships.delete(membership))
                                .call(() -> outbox.append(Topics.IDENTITY, OrgEvents.MEMBER_REMOVED, org.id,
                                        new OrgEvents.MemberRemoved(org.id, org.slug, userId, membership.role, userId, now()),
                                        OrgEvents.audience(org.slug, userId)))
                                .replaceWithVoid()));
            }
            return chain;
        });
    }

    /** The organization, when the caller is one of its admins: 404 for non-members, 403 for other members. */
    @WithSession
    public Uni<Organization> adminOf(UUID callerId, String slug) {
        return access(callerId, slug, false).map(access -> {
            requireAdmin(access);
            return access.org();
        });
    }

    /** The {@code orgs} claim of a user's access tokens: slug → role. */
    @WithSession
    public Uni<Map<String, String>> rolesOf(UUID userId) {
        return memberships.listOfUser(userId)
                .chain(mine -> organizations.listByIds(mine.stream().map(m -> m.organizationId).toList())
                        .map(orgs -> {
                            Map<UUID, String> slugs = orgs.stream().collect(Collectors.toMap(o -> o.id, o -> o.slug));
                            Map<String, String> roles = new TreeMap<>();
                            for (Membership m : mine) {
                                String orgSlug = slugs.get(m.organizationId);
                                if (orgSlug != null) {
                                    roles.put(orgSlug, m.role);
                                }
                            }
                            return roles;
                        }));
    }

    /** Non-members, and organizations that do not exist, answer the same 404. */
    private Uni<Access> access(UUID callerId, String slug, boolean lock) {
        return (lock ? organizations.findBySlugForUpdate(slug) : organizations.findBySlug(slug))
                .chain(org -> org == null ? Uni.createFrom().<Access> nullItem()
                        : memberships.findMember(org.id, callerId).map(m -> m == null ? null : new Access(org, m)))
                .onItem().ifNull().failWith(() -> ProblemException.notFound("organization " + slug));
    }

    private Uni<Membership> memberOf(Access access, UUID userId) {
        if (userId.equals(access.caller().userId)) {
            return Uni.createFrom().item(access.caller());
        }
        return memberships.findMember(access.org().id, userId)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("member " + userId));
    }

    private Uni<Void> requireAnotherAdmin(Organization org) {
        return memberships.countAdmins(org.id).invoke(admins -> {
            if (admins <= 1) {
                throw ProblemException.conflict(LAST_ADMIN);
            }
        }).replaceWithVoid();
    }

    private static void requireAdmin(Access access) {
        if (!access.isAdmin()) {
            throw ProblemException.forbidden("only an admin of " + access.org().slug + " may do this");
        }
    }

    private Uni<Map<UUID, User>> usersById(List<UUID> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return users.list("id in ?1", ids)
                .map(found -> found.stream().collect(Collectors.toMap(u -> u.id, Function.identity())));
    }

    private static ProblemException slugTaken() {
        return ProblemException.conflict("slug", "an organization with this slug already exists");
    }

    private static Instant now() {
        // PostgreSQL keeps microseconds: the stored value, the response and the event then agree
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
