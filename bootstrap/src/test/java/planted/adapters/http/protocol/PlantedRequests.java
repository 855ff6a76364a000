package planted.adapters.http.protocol;

import planted.adapters.http.errors.PlantedErrorWriter;

/** ...and the other half: the protocol package uses the errors package back (the cycle ADR 71 broke). */
public class PlantedRequests {

    public PlantedErrorWriter refusals() {
        return null;
    }
}
