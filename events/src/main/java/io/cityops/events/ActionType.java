package io.cityops.events;

/** What a dispatcher (or the system) does to an incident. */
public enum ActionType {
    ACK,
    ASSIGN,
    ARRIVE,
    RESOLVE,
    CLOSE,
    REOPEN
}
