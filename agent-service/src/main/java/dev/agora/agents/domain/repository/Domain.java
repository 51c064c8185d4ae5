package dev.agora.agents.domain.repository;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A domain of expertise, seeded by Flyway. */
@Entity
@Table(name = "domains")
public class Domain {
    @Id
    public Integer id;

    public String slug;
    public String name;
    public String icon;
    public String description;
}
