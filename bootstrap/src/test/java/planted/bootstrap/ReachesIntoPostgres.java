package planted.bootstrap;

import planted.adapters.postgres.events.PlantedEventStore;

/** Planted violation: wiring that builds a store inside the PostgreSQL adapter instead of asking its entry. */
public class ReachesIntoPostgres {

    public PlantedEventStore store = new PlantedEventStore();
}
