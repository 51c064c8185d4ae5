package dev.agora.common.metrics;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;

/** Tags every metric with the service's name, so one dashboard can tell the five services apart. */
@Singleton
public class ApplicationTag {
    private final String application;

    public ApplicationTag(@ConfigProperty(name = "quarkus.application.name") String application) {
        this.application = application;
    }

    @Produces
    @Singleton
    MeterFilter applicationTag() {
        return MeterFilter.commonTags(Tags.of("application", application));
    }
}
