# Sluice container image.
#
# Build:  docker build -t sluice .
# Run:    docker run -p 8080:8080 -p 9090:9090 \
#           -e CONFIG_FORCE_sluice_kafka_bootstrap__servers=kafka:9092 sluice
#
# The build stage runs the same Maven command as the README (tests skipped here: CI runs them
# against a real broker). The configuration lives at /etc/sluice/sluice.conf; mount your own there.

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
COPY proxy/pom.xml proxy/pom.xml
COPY loadtest/pom.xml loadtest/pom.xml
RUN mvn -B -q -pl proxy -am dependency:go-offline
COPY proxy proxy
RUN mvn -B -q -pl proxy -am -DskipTests package

FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 --home-dir /opt/sluice --shell /usr/sbin/nologin sluice \
    && mkdir -p /opt/sluice /etc/sluice \
    && apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
COPY --from=build /src/proxy/target/sluice.jar /opt/sluice/sluice.jar
# The same launcher as outside the container: JAVA_OPTS, and Netty's leak detector off unless
# JAVA_OPTS (or JDK_JAVA_OPTIONS, JAVA_TOOL_OPTIONS) sets -Dio.netty.leakDetection.level.
COPY bin/sluice /opt/sluice/bin/sluice
COPY config/sidecar.conf /etc/sluice/sluice.conf
# Container-aware heap: Sluice's own buffers are bounded by its config (see docs/backpressure.md);
# leave the rest of the container's memory to direct buffers, kernel buffers and the JVM itself.
ENV JAVA_OPTS="-XX:+UseContainerSupport -XX:MaxRAMPercentage=50 -XX:MaxDirectMemorySize=256m -XX:+ExitOnOutOfMemoryError"
ENV SLUICE_JAR=/opt/sluice/sluice.jar
# Inside a container the ports must be reachable from outside the container's loopback.
ENV CONFIG_FORCE_sluice_server_host=0.0.0.0 \
    CONFIG_FORCE_sluice_admin_host=0.0.0.0
USER 10001
EXPOSE 8080 9090
HEALTHCHECK --interval=10s --timeout=2s --start-period=20s --retries=3 \
    CMD curl -fsS http://127.0.0.1:9090/health || exit 1
ENTRYPOINT ["/opt/sluice/bin/sluice", "--config", "/etc/sluice/sluice.conf"]
