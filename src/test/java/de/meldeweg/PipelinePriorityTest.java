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

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.transaction.autoconfigure.TransactionManagerCustomizers;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

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

    /**
     * With H2 a commit writes under the database's one store lock, which the webhook's commit waits for:
     * a pipeline thread commits at the normal priority and is lowered again right after; a thread at
     * the normal priority commits as it is.
     */
    @Test
    void aPipelineThreadCommitsAtTheNormalPriorityAndIsLoweredAgainAfter() throws Exception {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:commit" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        List<Integer> atCommit = new CopyOnWriteArrayList<>();
        DataSource dataSource = new DelegatingDataSource(h2) {
            @Override
            public Connection getConnection() throws SQLException {
                Connection connection = super.getConnection();
                return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                        (proxy, method, args) -> {
                            if (method.getName().equals("commit")) {
                                atCommit.add(Thread.currentThread().getPriority());
                            }
                            try {
                                return method.invoke(connection, args);
                            } catch (InvocationTargetException e) {
                                throw e.getCause();
                            }
                        });
            }
        };
        new JdbcTemplate(h2).execute("CREATE TABLE report (id INT PRIMARY KEY)");
        PlatformTransactionManager manager = new CommitPriority().transactionManager(dataSource, new DefaultListableBeanFactory()
                .getBeanProvider(TransactionManagerCustomizers.class));
        TransactionTemplate transaction = new TransactionTemplate(manager);
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);

        List<Integer> after = new CopyOnWriteArrayList<>();
        Thread pipeline = new Thread(() -> {
            Thread.currentThread().setPriority(Thread.MIN_PRIORITY);
            transaction.executeWithoutResult(status -> {
                jdbc.update("INSERT INTO report VALUES (1)");
                after.add(Thread.currentThread().getPriority());
            });
            after.add(Thread.currentThread().getPriority());
        });
        pipeline.start();
        pipeline.join(10_000);
        transaction.executeWithoutResult(status -> jdbc.update("INSERT INTO report VALUES (2)"));

        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM report", Integer.class)).isEqualTo(2);
        assertThat(atCommit).as("priority at each commit: the pipeline's, then the web server's")
                .containsExactly(Thread.NORM_PRIORITY, Thread.NORM_PRIORITY);
        assertThat(after).as("the pipeline thread inside its transaction and after the commit")
                .containsExactly(Thread.MIN_PRIORITY, Thread.MIN_PRIORITY);
    }
}
