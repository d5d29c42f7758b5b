package de.meldeweg;

import javax.sql.DataSource;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.transaction.autoconfigure.TransactionManagerCustomizers;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.DefaultTransactionStatus;

import de.meldeweg.whatsapp.WebhookProperties;

/**
 * The service's transaction manager: Spring Boot's own ({@link JdbcTransactionManager}, with its
 * customizers), except that a pipeline thread's commit first gives way to webhooks waiting for
 * theirs ({@link WebhookFirst}). Every {@code @Transactional}, {@code TransactionTemplate} and Camel
 * {@code transacted} commit goes through it; the webhook's writer commits on its own connection.
 */
@Configuration(proxyBeanMethods = false)
public class WebhookFirstTransactions {

    @Bean
    public WebhookFirst webhookFirst(WebhookProperties webhook) {
        return new WebhookFirst(webhook.pipelineYield());
    }

    @Bean
    public JdbcTransactionManager transactionManager(DataSource dataSource, WebhookFirst webhookFirst,
                                                     ObjectProvider<TransactionManagerCustomizers> customizers) {
        JdbcTransactionManager manager = new GivingWay(dataSource, webhookFirst);
        customizers.ifAvailable(c -> c.customize(manager));
        return manager;
    }

    /** A transaction manager whose pipeline commits wait for the webhooks queued before them. */
    static final class GivingWay extends JdbcTransactionManager {
        private final transient WebhookFirst webhookFirst;

        GivingWay(DataSource dataSource, WebhookFirst webhookFirst) {
            super(dataSource);
            this.webhookFirst = webhookFirst;
        }

        @Override
        protected void doCommit(DefaultTransactionStatus status) {
            webhookFirst.beforeCommit();
            super.doCommit(status);
        }
    }
}
