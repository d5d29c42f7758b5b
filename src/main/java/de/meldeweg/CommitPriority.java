package de.meldeweg;

import javax.sql.DataSource;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.transaction.autoconfigure.TransactionManagerCustomizers;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.DefaultTransactionStatus;

/**
 * A pipeline thread commits at the normal priority. The pipeline's threads run at the lowest one
 * ({@link PipelinePriority}), but with the embedded H2 file every commit writes its chunk under one
 * lock for the whole database, in the committing thread, and the webhook's own commit waits for that
 * lock: a pipeline thread that holds it at nice 10 while the web server's threads take the CPU would
 * keep the webhook waiting (a priority inversion). So for the commit alone the thread is raised to the
 * normal priority and lowered again right after. On PostgreSQL the commit is the server's work and the
 * raise changes little. Without {@code -XX:ThreadPriorityPolicy=1} Java's priorities do not reach the
 * operating system and this changes nothing.
 *
 * <p>The service's transaction manager is Spring Boot's own ({@link JdbcTransactionManager} with its
 * customizers, {@code spring.transaction.*}) with this one change: every {@code @Transactional},
 * {@code TransactionTemplate}, {@link GroupCommit} and Camel {@code transacted} commit goes through it.
 */
@Configuration(proxyBeanMethods = false)
public class CommitPriority {

    @Bean
    JdbcTransactionManager transactionManager(DataSource dataSource, ObjectProvider<TransactionManagerCustomizers> customizers) {
        JdbcTransactionManager transactionManager = new RaisedForCommit(dataSource);
        customizers.ifAvailable(c -> c.customize(transactionManager));
        return transactionManager;
    }

    /** Spring Boot's {@link JdbcTransactionManager}, raising a pipeline thread to the normal priority for its commit. */
    public static final class RaisedForCommit extends JdbcTransactionManager {

        RaisedForCommit(DataSource dataSource) {
            super(dataSource);
        }

        @Override
        protected void doCommit(DefaultTransactionStatus status) {
            Thread thread = Thread.currentThread();
            int priority = thread.getPriority();
            if (priority >= Thread.NORM_PRIORITY) {
                super.doCommit(status);
                return;
            }
            thread.setPriority(Thread.NORM_PRIORITY);
            try {
                super.doCommit(status);
            } finally {
                thread.setPriority(priority);
            }
        }
    }
}
