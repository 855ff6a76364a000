package planted.bootstrap;

/** The planted composition root. */
public class Wiring {
}
