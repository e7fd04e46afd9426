package io.sluice.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigValue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * Loads {@link SluiceSettings} in this order of precedence, highest first: system properties
 * ({@code -Dsluice.…}), environment variables ({@code CONFIG_FORCE_sluice_…}), the deployment file,
 * and {@code reference.conf} from the jar. Every layer above the reference is checked for unknown keys.
 *
 * <p>Stateless; used once at start-up and by {@code check-config}.
 */
public final class SettingsLoader {

    private SettingsLoader() {
    }

    /**
     * @param file a deployment file, or {@code null} for reference defaults plus overrides
     * @throws SettingsException for a missing or unparsable file, unknown keys or invalid values
     */
    public static SluiceSettings load(Path file) {
        return load(file, System.getProperties(), System.getenv());
    }

    /** As {@link #load(Path)}, with the system properties and environment given explicitly (tests). */
    public static SluiceSettings load(Path file, Properties systemProperties, Map<String, String> environment) {
        Config reference = ConfigFactory.parseResources(SettingsLoader.class.getClassLoader(), "reference.conf",
                ConfigParseOptions.defaults().setAllowMissing(false));
        Config deployment = ConfigFactory.empty();
        if (file != null) {
            if (!Files.isRegularFile(file)) {
                throw new SettingsException(file + ": no such file (expected: a HOCON configuration file)");
            }
            try {
                deployment = ConfigFactory.parseFile(file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
            } catch (ConfigException e) {
                throw new SettingsException(e.getMessage());
            }
            for (Map.Entry<String, ConfigValue> top : deployment.root().entrySet()) {
                if (!top.getKey().equals("sluice")) {
                    throw new SettingsException(ConfigReader.describe(top.getValue().origin()) + top.getKey()
                            + ": unknown key (expected: every setting inside a sluice { … } block)");
                }
            }
        }
        Config properties = onlySluice(ConfigFactory.parseProperties(systemProperties));
        Config env = onlySluice(environmentOverrides(environment));

        ConfigObject referenceSluice = reference.getObject("sluice");
        for (Config layer : new Config[] {deployment, env, properties}) {
            if (layer.hasPath("sluice")) {
                try {
                    UnknownKeyCheck.check(layer.getObject("sluice"), referenceSluice);
                } catch (ConfigException.WrongType e) {
                    throw new SettingsException(e.getMessage());
                }
            }
        }
        Config merged;
        try {
            merged = properties.withFallback(env).withFallback(deployment).withFallback(reference).resolve();
        } catch (ConfigException e) {
            throw new SettingsException(e.getMessage());
        }
        return SluiceSettings.from(merged);
    }

    private static Config onlySluice(Config config) {
        return config.hasPath("sluice") && config.getValue("sluice") instanceof ConfigObject
                ? config.getConfig("sluice").atKey("sluice") : ConfigFactory.empty();
    }

    /** Typesafe Config's CONFIG_FORCE_ convention: "_" becomes ".", "__" becomes "-", "___" becomes "_". */
    private static Config environmentOverrides(Map<String, String> environment) {
        Properties props = new Properties();
        String prefix = "CONFIG_FORCE_";
        for (Map.Entry<String, String> e : environment.entrySet()) {
            if (!e.getKey().startsWith(prefix)) {
                continue;
            }
            String name = e.getKey().substring(prefix.length())
                    .replace("___", "\u0000").replace("__", "-").replace('_', '.').replace('\u0000', '_');
            props.setProperty(name, e.getValue());
        }
        return ConfigFactory.parseProperties(props,
                ConfigParseOptions.defaults().setOriginDescription("environment variables"));
    }
}
