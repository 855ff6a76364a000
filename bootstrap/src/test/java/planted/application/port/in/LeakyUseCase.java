package planted.application.port.in;

import planted.application.port.out.StoredRow;

/** Planted violation: an in-port whose result is an out-port's type. */
public interface LeakyUseCase {

    StoredRow find(long id);
}
