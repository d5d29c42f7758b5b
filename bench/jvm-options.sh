# The JVM options the service is run with in production (docs/operations.md, "Start-up and memory");
# bench/startup.sh and bench/e2e.sh use them unless given --java-opts=.
# -Xms64m with the free ratios: the heap grows only as far as the live data needs and shrinks after a
# full collection (the JVM's default initial heap, a 64th of the machine's memory, is above -Xmx256m).
JAVA_OPTS_RECOMMENDED="-Xmx256m -Xms64m -XX:MinHeapFreeRatio=20 -XX:MaxHeapFreeRatio=40 -XX:+UseSerialGC"
