# The JVM options the service is run with in production (docs/operations.md, "Start-up and memory");
# bench/startup.sh and bench/e2e.sh use them unless given --java-opts=.
# -Xmx192m: the live heap is about 100 MB when the service keeps up and 86-97 MB through a backlog of
# five minutes, since an admitted webhook request keeps its place among
# meldeweg.webhook.requests-in-flight until its answer is written ("Seventh round: memory"; before,
# a backlog queued every request on the heap and -Xmx192m ended in OutOfMemoryError). -Xmx160m is too
# small: 107-118 MB live in a backlog, the serial collector took most of the CPU.
# -Xms64m with the free ratios: the heap grows only as far as the live data needs and shrinks after a
# full collection (the JVM's default initial heap, a 64th of the machine's memory, is above -Xmx192m).
# -Djdk.nio.maxCachedBufferSize=262144: each thread that writes H2's file keeps NIO's temporary direct
# buffer of its largest write; above 256 KB they are freed after use instead (20-38 MB of direct
# buffers after 10,000 reports, 3-4 MB with it; "Fifth round: memory").
# -XX:ReservedCodeCacheSize=56m: one code cache instead of three segments, 52-53 instead of 63-64 MB
# committed after 10,000 reports, no "CodeCache is full" and no more CPU per report in the runs back to
# back with main ("Sixth round: memory", "Eighth round: memory"; the quiet comparison is still to do).
# -XX:-ShrinkHeapInSteps: a full collection gives back at once what MaxHeapFreeRatio allows, instead of
# 0 %, 10 %, 40 % on the first, second, third collection; de.meldeweg.ops.IdleCollection (one full
# collection once the service is idle, no more free than MinHeapFreeRatio) needs it: without it the
# idle collection gave nothing back, with it 185 -> 155 MB ("Eighth round: memory").
# -XX:TrimNativeHeapInterval=10000: every 10 s glibc hands back the free memory it keeps (mostly the
# JIT compilers' freed arenas): 27 instead of 43 MB. Java 17.0.15 knows the option; an older 17 does
# not and refuses to start with it.
# -XX:ThreadPriorityPolicy=1 -XX:JavaPriority1_To_OSPriority=10: the operating system honours Java's thread
# priorities, and the pipeline's threads (Java priority 1, de.meldeweg.PipelinePriority) run at nice 10,
# the web server's at 0: the webhook's answer goes first (a pipeline thread commits at the normal priority,
# de.meldeweg.CommitPriority). On the quiet machine, alternating pairs at 50/s: ack p50 about half, p99 on
# PostgreSQL 30-32 against 61-65 ms; CPU per report about a sixth lower (10,000 reports on H2: 23.7 and 26.6
# against 28.5 and 30.1 ms) ("Eleventh round: the priority options on a quiet machine"). Without root the JVM warns that it may
# lack the permission; lowering a thread's priority needs none. (ThreadPriorityPolicy=1 alone, pipeline
# threads at nice 4, was worse in the fourth round.)
JAVA_OPTS_RECOMMENDED="-Xmx192m -Xms64m -XX:MinHeapFreeRatio=20 -XX:MaxHeapFreeRatio=40 -XX:+UseSerialGC -Djdk.nio.maxCachedBufferSize=262144 -XX:TrimNativeHeapInterval=10000 -XX:ReservedCodeCacheSize=56m -XX:-ShrinkHeapInSteps -XX:ThreadPriorityPolicy=1 -XX:JavaPriority1_To_OSPriority=10"
