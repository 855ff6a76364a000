package planted.adapters.http.internal;

/** A class inside the HTTP adapter, behind its entry package. */
public class Hidden {
}
