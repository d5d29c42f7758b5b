package de.meldeweg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

/**
 * The webhook goes first: work a timer (or Quartz, a mailbox poll) starts runs at the lowest Java thread
 * priority, also on the threads of its parallel split and in the direct routes it calls; a request-like
 * exchange (here a direct call from the test's thread, as the web server makes one) keeps its priority.
 */
class PipelinePriorityTest {

    @Test
    void pipelineThreadsRunAtTheLowestPriorityAndRequestThreadsKeepTheirs() throws Exception {
        Map<String, Integer> priorities = new ConcurrentHashMap<>();
        List<Integer> split = new CopyOnWriteArrayList<>();
        ExecutorService senders = Executors.newFixedThreadPool(2);
        try (CamelContext camel = new DefaultCamelContext()) {
            camel.addRoutePolicyFactory(new PipelinePriority());
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("timer:pipeline?repeatCount=1")
                            .process(e -> priorities.put("timer", Thread.currentThread().getPriority()))
                            .setBody(constant(List.of(1, 2, 3, 4)))
                            .split(body()).parallelProcessing().executorService(senders)
                            .to("direct:deliver");
                    from("direct:deliver")
                            .process(e -> split.add(Thread.currentThread().getPriority()));
                    from("direct:webhook")
                            .process(e -> priorities.put("request", Thread.currentThread().getPriority()));
                }
            });
            camel.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> priorities.containsKey("timer") && split.size() == 4);
            camel.createProducerTemplate().sendBody("direct:webhook", "event");
        } finally {
            senders.shutdownNow();
        }
        assertThat(priorities).containsEntry("timer", Thread.MIN_PRIORITY)
                .containsEntry("request", Thread.currentThread().getPriority());
        assertThat(split).containsOnly(Thread.MIN_PRIORITY);
        assertThat(Thread.currentThread().getPriority()).isEqualTo(Thread.NORM_PRIORITY);
    }
}
