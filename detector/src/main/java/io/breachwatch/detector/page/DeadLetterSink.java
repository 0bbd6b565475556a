package io.breachwatch.detector.page;

/** Where pager dead letters go: the pager's dead-letter topic, or a list in tests. */
interface DeadLetterSink {

    /**
     * Writes one dead letter durably, or throws: the bridge only moves past the page once this returned.
     *
     * @param key the destination's name
     */
    void write(String key, PageDeadLetter letter) throws Exception;
}
