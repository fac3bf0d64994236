package io.cityops.events;

/** The reasons a dead letter may carry. Each is a stable token that dashboards group by. */
public final class Reasons {
    /** The text is not a JSON object. */
    public static final String INVALID_JSON = "invalid-json";

    /** A required field is absent or null. Detail: the field. */
    public static final String MISSING_FIELD = "missing-field";

    /** A field has the wrong JSON type. Detail: the field and the type found. */
    public static final String WRONG_TYPE = "wrong-type";

    /** A number is NaN, infinite, negative where impossible, or outside its range. */
    public static final String OUT_OF_RANGE = "out-of-range";

    /** A string is not one of the values its field allows (enum, district code). */
    public static final String UNKNOWN_VALUE = "unknown-value";

    /** The message, or one of its text fields, is larger than the contract allows. */
    public static final String OVERSIZED = "oversized";

    /** A reading or observation from a facility that the registry does not know. */
    public static final String UNKNOWN_SENSOR = "unknown-sensor";

    /** A reading whose metric does not belong to its facility's type. */
    public static final String METRIC_NOT_FOR_TYPE = "metric-not-for-type";

    /** Input older than the watermark of its stream. */
    public static final String LATE = "late";

    /** A dispatch action that the incident's state does not allow. */
    public static final String ILLEGAL_TRANSITION = "illegal-transition";

    /** A dispatch action for an incident the job does not know. */
    public static final String UNKNOWN_INCIDENT = "unknown-incident";

    private Reasons() {}
}
