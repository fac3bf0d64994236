package io.cityops.dashboards;

import java.util.List;

/** The CityOps boards, in the order they are listed and generated. */
public final class Boards {
    private Boards() {}

    public static List<Board> all() {
        return List.of(
                OverviewBoard.board(),
                DispatchBoard.board(),
                SensorsBoard.board(),
                PipelineBoard.board());
    }
}
