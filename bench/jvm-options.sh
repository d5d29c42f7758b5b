# The JVM options the service is run with in production (docs/operations.md, "Start-up and memory");
# bench/startup.sh and bench/e2e.sh use them unless given --java-opts=.
# -Xms64m with the free ratios: the heap grows only as far as the live data needs and shrinks after a
# full collection (the JVM's default initial heap, a 64th of the machine's memory, is above -Xmx256m).
# -Djdk.nio.maxCachedBufferSize=262144: each thread that writes H2's file keeps NIO's temporary direct
# buffer of its largest write; above 256 KB they are freed after use instead (20-38 MB of direct
# buffers after 10,000 reports, 3-4 MB with it; "Fifth round: memory").
JAVA_OPTS_RECOMMENDED="-Xmx256m -Xms64m -XX:MinHeapFreeRatio=20 -XX:MaxHeapFreeRatio=40 -XX:+UseSerialGC -Djdk.nio.maxCachedBufferSize=262144"
