package planted.bootstrap;

import planted.adapters.http.internal.Hidden;

/** Planted violation: wiring that reaches past the HTTP adapter's entry package. */
public class ReachesIn {

    public Hidden hidden = new Hidden();
}
