package stet.db;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLTransientConnectionException;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The pool seen through the {@link Circuit}: while the database is known down, asking
 * for a connection fails at once instead of waiting out the connection timeout; a
 * failure to connect opens the circuit, a connection handed out closes it.
 */
final class GuardedDataSource implements DataSource {

    /** The SQLState of "connection refused by the circuit": class 08, a connection exception. */
    static final String CIRCUIT_OPEN = "08001";

    private final DataSource pool;
    private final Circuit circuit;

    GuardedDataSource(DataSource pool, Circuit circuit) {
        this.pool = pool;
        this.circuit = circuit;
    }

    @Override
    public Connection getConnection() throws SQLException {
        if (!circuit.allow()) {
            throw new SQLTransientConnectionException("The database is known to be down.", CIRCUIT_OPEN);
        }
        try {
            Connection connection = pool.getConnection();
            circuit.succeeded();
            return connection;
        } catch (SQLException e) {
            if (Failures.cannotConnect(e)) {
                circuit.failed();
            } else {
                // A full pool says nothing about whether the server is up.
                circuit.inconclusive();
            }
            throw e;
        }
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("stet's pool has one set of credentials");
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return pool.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        pool.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        pool.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return pool.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return pool.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        return type.isInstance(this) ? type.cast(this) : pool.unwrap(type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) throws SQLException {
        return type.isInstance(this) || pool.isWrapperFor(type);
    }
}
