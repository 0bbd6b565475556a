package io.breachwatch.schema.parse;

import java.util.Random;

/**
 * Seeded random damage for the parsers' never-throw tests: random text (control characters, any UTF-16 unit
 * including lone surrogates, printable ASCII), and real lines with characters deleted, inserted, cut or replaced.
 */
final class LineMutator {
    private final Random random;

    LineMutator(long seed) {
        this.random = new Random(seed);
    }

    Random random() {
        return random;
    }

    String randomText(int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            int kind = random.nextInt(10);
            if (kind == 0) {
                text.append((char) random.nextInt(32));
            } else if (kind == 1) {
                text.append((char) random.nextInt(Character.MAX_VALUE + 1));
            } else {
                text.append((char) (32 + random.nextInt(95)));
            }
        }
        return text.toString();
    }

    /** One to four edits; {@code alphabet} adds the characters the format is built of (tabs, quotes, braces). */
    String mutate(String line, String alphabet) {
        StringBuilder text = new StringBuilder(line);
        int edits = 1 + random.nextInt(4);
        for (int i = 0; i < edits && text.length() > 0; i++) {
            int at = random.nextInt(text.length());
            switch (random.nextInt(5)) {
                case 0 -> text.deleteCharAt(at);
                case 1 -> text.insert(at, randomText(1 + random.nextInt(5)));
                case 2 -> text.setLength(at);
                case 3 -> text.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
                default -> text.setCharAt(at, (char) random.nextInt(128));
            }
        }
        return text.toString();
    }

    String pick(java.util.List<String> lines) {
        return lines.get(random.nextInt(lines.size()));
    }
}
