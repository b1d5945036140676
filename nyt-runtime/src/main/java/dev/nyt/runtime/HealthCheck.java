package dev.nyt.runtime;

/** One part of a service that can say whether it is alive and whether it can serve. */
public interface HealthCheck {

    String name();

    /** False only when the part is broken for good and the process should be restarted. */
    boolean live();

    /** True when the part does its work now (e.g. Kafka Streams is RUNNING). */
    boolean ready();
}
