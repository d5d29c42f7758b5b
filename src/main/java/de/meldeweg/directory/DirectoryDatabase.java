package de.meldeweg.directory;

import javax.sql.DataSource;

import org.apache.camel.CamelContext;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Where the department directory lives: by default in our own database (loaded from
 * {@code config/departments.yaml}); with {@code meldeweg.directory.datasource.url} set, in the
 * city's own database, which the city maintains (then the file is not loaded). Routes reach it as
 * {@code #directoryDataSource}.
 */
@Component
public class DirectoryDatabase implements CamelContextConfiguration {

    public static final String BEAN = "directoryDataSource";
    private final DataSource dataSource;
    private final boolean own;

    public DirectoryDatabase(DataSource primary, DirectoryProperties properties) {
        DirectoryProperties.Datasource city = properties.datasource();
        this.own = !city.configured();
        this.dataSource = own ? primary : DataSourceBuilder.create().url(city.url()).username(city.username()).password(city.password()).build();
    }

    /** True when the directory is ours, loaded from the file; false when the city's database holds it. */
    public boolean loadedFromFile() {
        return own;
    }

    public JdbcTemplate jdbc() {
        return new JdbcTemplate(dataSource);
    }

    @Override
    public void beforeApplicationStart(CamelContext camelContext) {
        camelContext.getRegistry().bind(BEAN, DataSource.class, dataSource);
    }

    @Override
    public void afterApplicationStart(CamelContext camelContext) {
        // nothing to do
    }
}
