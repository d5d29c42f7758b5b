# The JVM options the service is run with in production (docs/operations.md, "Start-up and memory");
# bench/startup.sh and bench/e2e.sh use them unless given --java-opts=.
JAVA_OPTS_RECOMMENDED="-Xmx256m -XX:+UseSerialGC"
