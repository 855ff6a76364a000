package planted.adapters.http.errors;

import planted.adapters.http.protocol.PlantedRequests;

/** Planted violation, one half of a cycle: the errors package uses the protocol package (to write JSON)... */
public class PlantedErrorWriter {

    public PlantedRequests source;
}
