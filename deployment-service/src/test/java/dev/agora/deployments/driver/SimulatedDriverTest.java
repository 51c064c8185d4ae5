package dev.agora.deployments.driver;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The local stack's driver on its own: no cluster, no Quarkus. */
class SimulatedDriverTest {
    private SimulatedDriver driver;

    /** What the driver reported, in order. */
    static final class Recorded implements DeploymentProgress {
        final List<String> lines = new CopyOnWriteArrayList<>();
        final List<String> outcomes = new CopyOnWriteArrayList<>();

        @Override
        public void log(String level, String line) {
            lines.add(level + " " + line);
        }

        @Override
        public void succeeded(String summary) {
            outcomes.add("succeeded: " + summary);
        }

        @Override
        public void failed(String reason) {
            outcomes.add("failed: " + reason);
        }
    }

    @AfterEach
    void shutdown() {
        driver.shutdown();
    }

    @Test
    void walksThroughItsStepsToSuccessSayingItIsSimulated() {
        driver = new SimulatedDriver(config(0));
        Recorded progress = new Recorded();

        driver.deploy(spec(), progress);

        await().atMost(Duration.ofSeconds(10)).until(() -> !progress.outcomes.isEmpty());
        assertEquals(1, progress.outcomes.size());
        assertTrue(progress.outcomes.get(0).startsWith("succeeded: [simulated] 2 replica(s) of ghcr.io/acme/oracle:3"));
        assertEquals(6, progress.lines.size(), progress.lines.toString());
        assertTrue(progress.lines.stream().allMatch(line -> line.contains("[simulated]")), progress.lines.toString());
        assertTrue(progress.lines.get(progress.lines.size() - 1).contains("https://oracle.agents.test"));
    }

    @Test
    void failsAtTheHealthCheckAsOftenAsItsFailureRateSays() {
        driver = new SimulatedDriver(config(1));
        Recorded progress = new Recorded();

        driver.deploy(spec(), progress);

        await().atMost(Duration.ofSeconds(10)).until(() -> !progress.outcomes.isEmpty());
        assertEquals(List.of("failed: [simulated] the agent did not become healthy"), progress.outcomes);
        assertTrue(progress.lines.stream().anyMatch(line -> line.startsWith("error [simulated] health check failed")));
    }

    @Test
    void releaseStopsADeploymentInProgress() {
        driver = new SimulatedDriver(config(0));
        Recorded progress = new Recorded();
        DeploymentSpec spec = spec();

        driver.deploy(spec, progress);
        driver.release(spec, progress);

        // no outcome ever arrives: the remaining steps were cancelled
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> progress.outcomes.isEmpty());
        assertTrue(progress.lines.get(progress.lines.size() - 1).contains("[simulated] removed"));
    }

    @Test
    void failsARolloutInterruptedByARestartSayingWhy() {
        driver = new SimulatedDriver(config(0));
        Recorded progress = new Recorded();

        driver.resume(spec(), progress);

        assertEquals(List.of("failed: [simulated] the simulated rollout was interrupted by a restart of "
                + "deployment-service; deploy again"), progress.outcomes);
        assertTrue(progress.lines.get(0).startsWith("error [simulated]"));
    }

    private static DeploymentSpec spec() {
        return new DeploymentSpec(UUID.randomUUID(), UUID.randomUUID(), 3, "oracle", "oracle.agents.test",
                "ghcr.io/acme/oracle:3", 8080, "500m", "512Mi", 2);
    }

    private static DriverConfig config(double failureRate) {
        return new DriverConfig() {
            @Override
            public String driver() {
                return SimulatedDriver.NAME;
            }

            @Override
            public String baseDomain() {
                return "agents.test";
            }

            @Override
            public Defaults defaults() {
                throw new UnsupportedOperationException();
            }

            @Override
            public Duration dispatchInterval() {
                return Duration.ofSeconds(1);
            }

            @Override
            public Duration logPollInterval() {
                return Duration.ofMillis(500);
            }

            @Override
            public int staleClaim() {
                return 300;
            }

            @Override
            public Duration followLease() {
                return Duration.ofSeconds(30);
            }

            @Override
            public Release release() {
                throw new UnsupportedOperationException();
            }

            @Override
            public Simulated simulated() {
                return new Simulated() {
                    @Override
                    public Duration stepDuration() {
                        return Duration.ofMillis(20);
                    }

                    @Override
                    public double failureRate() {
                        return failureRate;
                    }
                };
            }

            @Override
            public Kubernetes kubernetes() {
                return new Kubernetes() {
                    @Override
                    public String namespace() {
                        return "agora-agents";
                    }

                    @Override
                    public Optional<String> ingressClass() {
                        return Optional.empty();
                    }

                    @Override
                    public Optional<String> tlsSecret() {
                        return Optional.empty();
                    }

                    @Override
                    public Duration rolloutTimeout() {
                        return Duration.ofMinutes(10);
                    }
                };
            }
        };
    }
}
