package planted.adapters.postgres.streams;

import planted.adapters.postgres.events.PlantedEventStore;

/** ...and the other half: the streams package uses the events package back. */
public class PlantedDirectory {

    public PlantedEventStore lastWriter() {
        return null;
    }
}
