package dev.rebound.rosterwatcher;

/** Why a scraper's data date is a stale input once its expected_by has passed. */
public enum InputVerdict {
    /** Not one of the scraper's objects arrived. */
    no_objects,
    /** Some arrived, fewer distinct objects than the scraper's expected_objects. */
    incomplete
}
