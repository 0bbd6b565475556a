package io.breachwatch.schema.parse;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

/** The hand-made log fixtures under {@code src/test/resources/logs/}, in the real formats, headers included. */
final class Fixtures {
    private Fixtures() {
    }

    /** @param relative e.g. {@code zeek/conn.log} */
    static Path log(String relative) {
        URL url = Fixtures.class.getResource("/logs/" + relative);
        if (url == null) {
            throw new IllegalArgumentException("no fixture logs/" + relative);
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
