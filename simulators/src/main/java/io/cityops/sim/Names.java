package io.cityops.sim;

import io.cityops.events.FacilityType;
import io.cityops.events.OrderCategory;

import java.util.List;
import java.util.SplittableRandom;

/** Plausible Chinese names for facilities, addresses and citizens' complaints. */
final class Names {
    private Names() {}

    static final List<String> ROADS =
            List.of(
                    "人民路", "南京东路", "延安中路", "中山北路", "四平路", "淮海中路", "漕溪北路", "长宁路", "武宁路", "曹杨路",
                    "张杨路", "世纪大道", "龙阳路", "沪闵路", "共和新路", "逸仙路", "吴淞路", "江杨南路", "曹安公路", "沪宜公路",
                    "松卫北路", "外青松公路", "南亭公路", "陈海公路", "西藏中路", "北京西路", "虹桥路", "天山路", "大连路", "黄兴路",
                    "浦东南路", "杨高中路", "川沙路", "莘庄路", "七莘路", "嘉松北路", "人民北路", "新松江路", "南桥路", "城桥镇八一路");

    private static final List<String> COMPOUNDS =
            List.of("花园", "新村", "大厦", "广场", "公寓", "苑", "中心", "家园");

    static String road(SplittableRandom r) {
        return ROADS.get(r.nextInt(ROADS.size()));
    }

    static String facilityName(FacilityType type, SplittableRandom r, String districtName) {
        String road = road(r);
        return switch (type) {
            case WATER_LEVEL -> road + "下立交";
            case MANHOLE -> road + (1 + r.nextInt(400)) + "号井盖";
            case ELEVATOR -> building(road, r) + (1 + r.nextInt(8)) + "号梯";
            case STREETLIGHT -> road + "路灯" + (1 + r.nextInt(300)) + "号杆";
            case GAS -> building(road, r) + "燃气探测器";
            case SMOKE -> building(road, r) + "烟感";
            case STRUCTURE -> road + (r.nextBoolean() ? "广告牌" : "在建工地脚手架");
            case WEATHER_STATION -> districtName + road + "自动站";
        };
    }

    static String building(String road, SplittableRandom r) {
        return road.replace("路", "") + COMPOUNDS.get(r.nextInt(COMPOUNDS.size()));
    }

    static String address(SplittableRandom r) {
        return road(r) + " " + (1 + r.nextInt(1500)) + " 号";
    }

    /** Citizens' words: untrusted text, some with quotes and line breaks that must be escaped. */
    static String complaint(OrderCategory c, SplittableRandom r) {
        List<String> texts =
                switch (c) {
                    case ILLEGAL_PARKING -> List.of("人行道上停满了车", "消防通道被私家车堵住", "路口违停\"好几天了\"");
                    case STREET_VENDOR -> List.of("地铁口有流动摊贩占道经营", "夜市摊位占用人行道", "有人在路边卖水果");
                    case GARBAGE_OVERFLOW -> List.of("垃圾桶满了没人清运", "小区门口垃圾堆积，味道很大");
                    case ROAD_DAMAGE -> List.of("路面有个大坑", "人行道砖块松动\n容易绊倒");
                    case NOISE -> List.of("夜间施工噪音扰民", "广场舞音响太响");
                    case WATERLOGGING_REPORT -> List.of("下立交积水很深，车辆无法通行", "路面积水没过脚踝", "积水倒灌进小区");
                    case OTHER -> List.of("井盖周围有异响", "路牌被风吹歪了", "希望增加\\夜间照明");
                };
        return texts.get(r.nextInt(texts.size()));
    }
}
