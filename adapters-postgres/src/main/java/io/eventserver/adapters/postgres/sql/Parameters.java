package io.eventserver.adapters.postgres.sql;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.PreparedStatement;

/**
 * Binding the parameters of one SQL statement into a JDBC statement that holds several (ADR 52: the writes of a
 * lease change travel with the next read): the binder of each numbers its parameters from 1, and this shifts them.
 */
public final class Parameters {

    private Parameters() {
    }

    /** The number of {@code ?} parameters in a rendered statement (no literal in our statements holds one). */
    public static int count(String sql) {
        int count = 0;
        for (int i = 0; i < sql.length(); i++) {
            if (sql.charAt(i) == '?') {
                count++;
            }
        }
        return count;
    }

    /** {@code statement} with every {@code setXxx(index, …)} moved {@code offset} places on. */
    public static PreparedStatement shifted(PreparedStatement statement, int offset) {
        if (offset == 0) {
            return statement;
        }
        return (PreparedStatement) Proxy.newProxyInstance(PreparedStatement.class.getClassLoader(),
                new Class<?>[] {PreparedStatement.class}, (proxy, method, args) -> {
                    Object[] shifted = args;
                    if (method.getName().startsWith("set") && args != null && args.length >= 2
                            && method.getParameterTypes()[0] == int.class) {
                        shifted = args.clone();
                        shifted[0] = (Integer) args[0] + offset;
                    }
                    try {
                        return method.invoke(statement, shifted);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
