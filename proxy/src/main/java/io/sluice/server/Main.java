package io.sluice.server;

import io.sluice.config.SettingsException;
import io.sluice.config.SettingsLoader;
import io.sluice.config.SluiceSettings;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Command line entry point.
 * <pre>
 *   sluice [--config FILE]            run the gateway
 *   sluice check-config [FILE]        validate a configuration and print the effective settings
 * </pre>
 * Exit codes: 0 normal stop, 1 start-up failure, 2 invalid configuration or usage.
 */
public final class Main {

    private static final Logger log = LoggerFactory.getLogger(Main.class);

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String[] args) {
        Path config = null;
        boolean check = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--config":
                case "-c":
                    if (i + 1 >= args.length) {
                        return usage("--config needs a file");
                    }
                    config = Path.of(args[++i]);
                    break;
                case "check-config":
                    check = true;
                    if (i + 1 < args.length && !args[i + 1].startsWith("-")) {
                        config = Path.of(args[++i]);
                    }
                    break;
                case "--help":
                case "-h":
                    usage(null);
                    return 0;
                default:
                    return usage("unknown argument: " + args[i]);
            }
        }
        SluiceSettings settings;
        try {
            settings = SettingsLoader.load(config);
        } catch (SettingsException e) {
            System.err.println("sluice: invalid configuration: " + e.getMessage());
            return 2;
        }
        if (check) {
            System.out.println(settings.render());
            System.out.println("# memory bound: " + MemoryBound.of(settings));
            System.err.println("sluice: configuration OK");
            return 0;
        }
        return serve(settings);
    }

    private static int serve(SluiceSettings settings) {
        LogFormat.apply(settings.logging());
        GatewayServer gateway;
        try {
            gateway = GatewayServer.start(settings);
        } catch (RuntimeException e) {
            log.error("Sluice failed to start: {}", e.toString());
            return 1;
        }
        // A second signal cuts the drain short: what is unfinished is answered 503 at once.
        ShutdownSignals signals = ShutdownSignals.install(gateway::hurry);
        signals.awaitFirst();
        log.info("Shutting down: draining within {}", settings.server().shutdownTimeout());
        boolean inTime = gateway.shutdown();
        return inTime && !signals.secondArrived() ? 0 : 1;
    }

    private static int usage(String problem) {
        if (problem != null) {
            System.err.println("sluice: " + problem);
        }
        System.err.println("usage: sluice [--config FILE]\n       sluice check-config [FILE]");
        return problem == null ? 0 : 2;
    }
}
