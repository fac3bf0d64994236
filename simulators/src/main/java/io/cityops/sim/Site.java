package io.cityops.sim;

import io.cityops.events.District;
import io.cityops.events.Facility;
import io.cityops.events.FacilityType;

/**
 * A facility while the city is being laid out: scenarios may still move it (to put a manhole in a
 * flooded underpass's cell, or enough sensors in one street-town). Ids are given only once the
 * layout is final, so that an id always names the district the facility ends up in.
 */
final class Site {
    final FacilityType type;
    final int ordinal;
    District district;
    StreetTown street;
    double lat;
    double lon;

    /**
     * Sites with the same group share a building (a GAS sensor and its SMOKE detector); -1 none.
     */
    int buildingGroup = -1;

    String name;
    Facility facility;

    /** Position in the registry once final. */
    int index = -1;

    Site(FacilityType type, int ordinal, StreetTown street, double[] point, String name) {
        this.type = type;
        this.ordinal = ordinal;
        moveTo(street, point);
        this.name = name;
    }

    void moveTo(StreetTown street, double[] point) {
        this.street = street;
        this.district = street.district();
        this.lat = point[0];
        this.lon = point[1];
    }

    String id() {
        return facility.id();
    }
}
