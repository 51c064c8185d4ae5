package dev.agora.deployments.driver;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

/** The driver {@code agora.deployments.driver} names; an unknown name fails the first deployment loudly. */
@ApplicationScoped
public class Drivers {
    private final Instance<DeploymentDriver> drivers;
    private final DriverConfig config;

    public Drivers(Instance<DeploymentDriver> drivers, DriverConfig config) {
        this.drivers = drivers;
        this.config = config;
    }

    public DeploymentDriver current() {
        for (DeploymentDriver driver : drivers) {
            if (driver.name().equals(config.driver())) {
                return driver;
            }
        }
        throw new IllegalStateException("no deployment driver named '" + config.driver() + "' (agora.deployments.driver)");
    }
}
