package io.cityops.events;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Shanghai's 16 districts. Extents are rough boxes, good enough for a synthetic city. */
public final class Districts {

    public static final List<District> ALL =
            List.of(
                    new District("310101", "黄浦", "Huangpu", 31.19, 121.46, 31.25, 121.51, 10),
                    new District("310104", "徐汇", "Xuhui", 31.12, 121.40, 31.22, 121.47, 13),
                    new District("310105", "长宁", "Changning", 31.19, 121.33, 31.24, 121.45, 10),
                    new District("310106", "静安", "Jing'an", 31.22, 121.43, 31.31, 121.48, 14),
                    new District("310107", "普陀", "Putuo", 31.22, 121.33, 31.30, 121.44, 10),
                    new District("310109", "虹口", "Hongkou", 31.25, 121.47, 31.30, 121.52, 8),
                    new District("310110", "杨浦", "Yangpu", 31.26, 121.50, 31.33, 121.56, 12),
                    new District("310112", "闵行", "Minhang", 30.98, 121.27, 31.24, 121.53, 14),
                    new District("310113", "宝山", "Baoshan", 31.30, 121.26, 31.51, 121.52, 12),
                    new District("310114", "嘉定", "Jiading", 31.25, 121.09, 31.47, 121.35, 12),
                    new District("310115", "浦东新区", "Pudong", 30.88, 121.50, 31.35, 121.93, 36),
                    new District("310116", "金山", "Jinshan", 30.68, 121.00, 30.90, 121.45, 11),
                    new District("310117", "松江", "Songjiang", 30.95, 121.02, 31.13, 121.35, 17),
                    new District("310118", "青浦", "Qingpu", 30.98, 120.87, 31.27, 121.30, 11),
                    new District("310120", "奉贤", "Fengxian", 30.80, 121.25, 31.02, 121.79, 11),
                    new District("310151", "崇明", "Chongming", 31.45, 121.20, 31.87, 121.98, 18));

    private static final Map<String, District> BY_CODE =
            ALL.stream().collect(Collectors.toUnmodifiableMap(District::code, Function.identity()));

    /** Shanghai as a whole, with margin: coordinates outside it are out of range. */
    public static final double MIN_LAT = 30.6, MAX_LAT = 31.95, MIN_LON = 120.8, MAX_LON = 122.05;

    private Districts() {}

    /** The district with this code, or null. */
    public static District byCode(String code) {
        return BY_CODE.get(code);
    }

    public static boolean isDistrict(String code) {
        return BY_CODE.containsKey(code);
    }

    /** A street-town code is a district code plus three digits. */
    public static boolean isStreetOf(String street, String district) {
        if (street == null || street.length() != 9 || !street.startsWith(district)) {
            return false;
        }
        for (int i = 6; i < 9; i++) {
            if (street.charAt(i) < '0' || street.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    public static boolean inShanghai(double lat, double lon) {
        return lat >= MIN_LAT && lat <= MAX_LAT && lon >= MIN_LON && lon <= MAX_LON;
    }
}
