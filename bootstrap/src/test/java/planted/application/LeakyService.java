package planted.application;

import io.helidon.http.Status;

/** Planted violation: an application service that knows HTTP status codes. */
public class LeakyService {

    public Status status() {
        return Status.OK_200;
    }
}
