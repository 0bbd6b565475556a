package io.breachwatch.schema.json;

/**
 * Hard limits applied before and while parsing untrusted JSON. Canonical events are about 250 bytes, flat, with
 * short strings; the limits leave generous room for real events while bounding what a hostile producer can make
 * the detector allocate per record.
 *
 * @param maxDocumentBytes largest accepted value
 * @param maxStringChars   longest accepted string token (field-specific limits are tighter)
 * @param maxNestingDepth  deepest accepted object/array nesting
 */
public record JsonLimits(int maxDocumentBytes, int maxStringChars, int maxNestingDepth) {
    public static final JsonLimits DEFAULT = new JsonLimits(64 * 1024, 16 * 1024, 8);
    /** Dead letters carry up to 16 Ki chars of the original payload, which JSON escaping can make six times longer. */
    public static final JsonLimits DEAD_LETTERS = new JsonLimits(1024 * 1024, 256 * 1024, 8);
    /**
     * An incident lists up to 200 alert ids, rules and entities: about 20 KB typically, but up to about 650 KB when
     * every string is at its limit and made of characters JSON escapes to six bytes. Its strings are short.
     */
    public static final JsonLimits INCIDENTS = new JsonLimits(1024 * 1024, 16 * 1024, 8);
}
