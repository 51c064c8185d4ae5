package dev.agora.agents.template.repository;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
@WithSession
public class AgentTemplateRepository implements PanacheRepositoryBase<AgentTemplate, UUID> {

    /** A template the user may see: public, or their own; null otherwise. */
    public Uni<AgentTemplate> findVisible(UUID id, UUID userId) {
        return find("id = ?1 and (isPublic = true or createdBy = ?2)", id, userId).firstResult();
    }

    /** Like {@link #findVisible}, with the row locked until the transaction ends. */
    public Uni<AgentTemplate> findVisibleForUpdate(UUID id, UUID userId) {
        return find("id = ?1 and (isPublic = true or createdBy = ?2)", id, userId)
                .withLock(LockModeType.PESSIMISTIC_WRITE).firstResult();
    }

    /** Public templates and the user's own, newest first; optionally of one type, optionally only the user's. */
    public Uni<List<AgentTemplate>> listVisible(UUID userId, String type, boolean mineOnly) {
        String visible = mineOnly ? "createdBy = ?1" : "(isPublic = true or createdBy = ?1)";
        String order = " order by createdAt desc, id desc";
        return (type == null ? find(visible + order, userId) : find(visible + " and type = ?2" + order, userId, type))
                .range(0, 199).list();
    }
}
