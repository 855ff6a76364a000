package planted.domain;

import java.sql.Connection;

/** Planted violation: a domain class that reaches for JDBC and for the composition root. */
public class LeakyEvent {

    public Connection connection;

    public Object wiring() {
        return new planted.bootstrap.Wiring();
    }
}
