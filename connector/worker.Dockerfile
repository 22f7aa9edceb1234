# The standalone Seedflow worker. Build the jar first (./seedance package), then, from the repository root:
#   docker build -f connector/worker.Dockerfile -t seedflow-worker .
# and run it with the Camunda client variables (CAMUNDA_GRPC_ADDRESS, CAMUNDA_REST_ADDRESS, CAMUNDA_CLIENT_ID, ...) and
# prefixed secrets (CAMUNDA_CONNECTOR_SECRETPROVIDER_ENVIRONMENT_PREFIX=SECRET_, SECRET_SEEDANCE_API_KEY=...).
FROM eclipse-temurin:21-jre
COPY target/seedflow-*-worker.jar /opt/seedflow-worker.jar
USER 1001
ENTRYPOINT ["java", "-jar", "/opt/seedflow-worker.jar"]
