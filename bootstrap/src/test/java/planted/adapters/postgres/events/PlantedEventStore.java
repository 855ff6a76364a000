package planted.adapters.postgres.events;

import planted.adapters.postgres.streams.PlantedDirectory;

/** Planted violation, one half of a cycle: the events package uses the streams package... */
public class PlantedEventStore {

    public PlantedDirectory streams = new PlantedDirectory();
}
