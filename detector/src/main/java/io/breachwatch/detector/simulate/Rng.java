package io.breachwatch.detector.simulate;

import java.util.List;
import java.util.SplittableRandom;

/**
 * The simulator's source of randomness: SplittableRandom (SplitMix64, whose algorithm the JDK specifies) plus the
 * few distributions traffic needs, written out here so that a seed gives the same traffic on every JDK.
 *
 * <p>Every part of a simulation draws from its own stream, {@link #derive derived} from the seed and a label, so
 * adding an attack to a scenario never changes the background traffic drawn for the same seed.
 */
final class Rng {
    private final SplittableRandom random;

    Rng(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** An independent stream for the part of the simulation called {@code label}. */
    static Rng derive(long seed, String label) {
        long h = seed;
        for (int i = 0; i < label.length(); i++) {
            h = mix(h + label.charAt(i));
        }
        return new Rng(mix(h ^ label.length()));
    }

    /** SplitMix64's finaliser: a bijective 64-bit mix. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    double uniform() {
        return random.nextDouble();
    }

    double uniform(double from, double to) {
        return from + (to - from) * random.nextDouble();
    }

    /** 0 (inclusive) to {@code bound} (exclusive). */
    int nextInt(int bound) {
        return random.nextInt(bound);
    }

    /** {@code from} to {@code to}, both inclusive. */
    int between(int from, int to) {
        return from + random.nextInt(to - from + 1);
    }

    long between(long from, long to) {
        return from + random.nextLong(to - from + 1);
    }

    boolean chance(double p) {
        return random.nextDouble() < p;
    }

    /** Standard normal (Box–Muller; one value per call, the pair's second value is dropped for simplicity). */
    double gaussian() {
        double u1 = 1.0 - random.nextDouble(); // (0, 1]: log is finite
        double u2 = random.nextDouble();
        return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }

    /** Log-normal with the given median and log-space standard deviation. */
    double logNormal(double median, double sigma) {
        return median * Math.exp(sigma * gaussian());
    }

    /** Exponential with the given mean: the gap between events of a Poisson process. */
    double exponential(double mean) {
        return -mean * Math.log(1.0 - random.nextDouble());
    }

    /** A value jittered by up to ±{@code fraction} of itself. */
    double jitter(double value, double fraction) {
        return value * (1 + uniform(-fraction, fraction));
    }

    <T> T pick(List<T> items) {
        return items.get(random.nextInt(items.size()));
    }

    /** Skewed towards the start of the list (index = n·u²): a few popular items, a long tail. */
    <T> T pickSkewed(List<T> items) {
        double u = random.nextDouble();
        return items.get((int) (items.size() * u * u));
    }

    /** Shuffles in place (Fisher–Yates). */
    <T> void shuffle(List<T> items) {
        for (int i = items.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            T tmp = items.get(i);
            items.set(i, items.get(j));
            items.set(j, tmp);
        }
    }
}
