package planted.adapters.postgres;

/** The other side of the planted adapter-to-adapter dependency. */
public class LeakyRepository {
}
