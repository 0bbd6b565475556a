package io.breachwatch.schema.fuzz;

import java.util.Random;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Runs a property over a bounded number of generated inputs, each from its own seeded {@link Random}, so that a
 * failure names the one input that broke it and can be replayed alone. CI runs the tries given in the test (about
 * a thousand per property, the whole suite in well under a minute); a longer run is
 * {@code -Dbreachwatch.fuzz.tries=100000}, another corner of the input space {@code -Dbreachwatch.fuzz.seed=N}.
 *
 * <p>Plain JUnit rather than a property-testing library: the generators that matter here (hostile text, invalid
 * UTF-8, mutations of real samples, deep nesting) are ours either way, and a failure report of seed, try and the
 * escaped input is all a reader needs.
 */
public final class Fuzz {
    /** The seed of this run; every try derives its own from it. */
    public static final long SEED = Long.getLong("breachwatch.fuzz.seed", 0x5EC0_2026_0314L);

    private Fuzz() {
    }

    /** {@code ciTries}, unless {@code -Dbreachwatch.fuzz.tries} asks for another number. */
    public static int tries(int ciTries) {
        return Integer.getInteger("breachwatch.fuzz.tries", ciTries);
    }

    /**
     * Checks {@code property} on {@link #tries(int) tries(ciTries)} inputs made by {@code generator}.
     *
     * @throws AssertionError naming the property, seed, try and input when the property fails or throws
     */
    public static <T> void forAll(String property, int ciTries, Function<Random, T> generator, Consumer<T> check) {
        int tries = tries(ciTries);
        for (int i = 0; i < tries; i++) {
            T input = generator.apply(random(i));
            try {
                check.accept(input);
            } catch (AssertionError | RuntimeException | StackOverflowError e) {
                throw new AssertionError(String.format("property '%s' failed on try %d of %d (seed %d, "
                        + "Fuzz.random(%d) makes the input again): %s%n  input: %s", property, i + 1, tries, SEED, i,
                        e, describe(input)), e);
            }
        }
    }

    /** The generator of try {@code i} (0-based) of this run's seed. */
    public static Random random(int i) {
        return new Random(SEED * 0x9E37_79B9_7F4A_7C15L + i);
    }

    /** The input, escaped and cut, for a failure message: hostile text must not garble the test report. */
    public static String describe(Object input) {
        String text;
        if (input instanceof byte[] bytes) {
            StringBuilder hex = new StringBuilder(bytes.length + " bytes: ");
            for (int i = 0; i < Math.min(bytes.length, 200); i++) {
                hex.append(String.format("%02x", bytes[i]));
            }
            text = hex.toString();
        } else {
            text = String.valueOf(input);
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length() && out.length() < 600; i++) {
            char c = text.charAt(i);
            out.append(c < 0x20 || c > 0x7e ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return text.length() > 600 ? out + "… (" + text.length() + " chars)" : out.toString();
    }
}
