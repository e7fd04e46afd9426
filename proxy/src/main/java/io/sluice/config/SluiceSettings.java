package io.sluice.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigRenderOptions;

/**
 * Every setting of a Sluice process, read once at start-up from a resolved {@link Config} and
 * validated as a whole. Immutable and thus safe to share between threads.
 */
public final class SluiceSettings {

    private final Config source;
    private final ServerSettings server;
    private final AdminSettings admin;
    private final RingSettings ring;
    private final KafkaSettings kafka;
    private final SheddingSettings shedding;
    private final TierSettings tiers;
    private final TopicSettings topics;
    private final RouteSettings routes;
    private final MetricsSettings metrics;
    private final LoggingSettings logging;

    private SluiceSettings(Config config) {
        source = config;
        server = new ServerSettings(reader(config, "sluice.server"));
        admin = new AdminSettings(reader(config, "sluice.admin"));
        ring = new RingSettings(reader(config, "sluice.ring"));
        kafka = new KafkaSettings(reader(config, "sluice.kafka"), ring, server);
        shedding = new SheddingSettings(reader(config, "sluice.shedding"));
        tiers = new TierSettings(reader(config, "sluice.tiers"), ring);
        topics = new TopicSettings(reader(config, "sluice.topics"), tiers);
        routes = new RouteSettings(config, tiers);
        metrics = new MetricsSettings(reader(config, "sluice.metrics"));
        logging = new LoggingSettings(reader(config, "sluice.logging"));
        if (server.maxContentLength() > ring.maxBytes()) {
            throw new SettingsException("sluice.server.max-content-length: " + server.maxContentLength()
                    + " (expected: at most sluice.ring.max-bytes " + ring.maxBytes() + ", or no request could ever be admitted)");
        }
        if (admin.port() != 0 && admin.port() == server.port() && admin.host().equals(server.host())) {
            throw new SettingsException("sluice.admin.port: " + admin.port()
                    + " (expected: a port other than sluice.server.port; operations never share the ingest port)");
        }
    }

    private static ConfigReader reader(Config config, String path) {
        return new ConfigReader(config.getConfig(path), path);
    }

    /**
     * Builds settings from a resolved config that already has the reference defaults as fallback.
     *
     * @throws SettingsException naming the first key that is missing, malformed or out of range
     */
    public static SluiceSettings from(Config config) {
        return new SluiceSettings(config);
    }

    public ServerSettings server() {
        return server;
    }

    public AdminSettings admin() {
        return admin;
    }

    public RingSettings ring() {
        return ring;
    }

    public KafkaSettings kafka() {
        return kafka;
    }

    public SheddingSettings shedding() {
        return shedding;
    }

    public TierSettings tiers() {
        return tiers;
    }

    public TopicSettings topics() {
        return topics;
    }

    public RouteSettings routes() {
        return routes;
    }

    public MetricsSettings metrics() {
        return metrics;
    }

    public LoggingSettings logging() {
        return logging;
    }

    /** The effective {@code sluice} block as HOCON, with comments naming where each value came from. */
    public String render() {
        return "sluice " + source.getConfig("sluice").root().render(
                ConfigRenderOptions.defaults().setOriginComments(true).setJson(false).setFormatted(true)) ;
    }
}
