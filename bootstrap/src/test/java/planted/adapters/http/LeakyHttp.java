package planted.adapters.http;

import planted.adapters.postgres.LeakyRepository;

/** Planted violation: one adapter calling another directly. */
public class LeakyHttp {

    public LeakyRepository repository = new LeakyRepository();
}
