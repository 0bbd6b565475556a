package io.breachwatch.detector.simulate;

/**
 * A smooth daily activity curve over UTC time of day: {@code 1 + amplitude·cos(2π(hour − peakHour)/24)}. Its mean
 * over a day is 1, so it scales an average rate without changing it; {@code amplitude} 0.6 makes the peak 4× the
 * trough.
 *
 * @param amplitude  0 (flat) to below 1
 * @param peakHourUtc hour of the day (UTC, fractional) when activity peaks
 */
record Diurnal(double amplitude, double peakHourUtc) {
    static final Diurnal FLAT = new Diurnal(0, 0);
    private static final double MILLIS_PER_DAY = 86_400_000.0;

    Diurnal {
        if (amplitude < 0 || amplitude >= 1) {
            throw new IllegalArgumentException("amplitude must be in [0, 1), was " + amplitude);
        }
    }

    double at(long epochMillis) {
        double dayFraction = Math.floorMod(epochMillis, 86_400_000L) / MILLIS_PER_DAY;
        return 1 + amplitude * Math.cos(2 * Math.PI * (dayFraction - peakHourUtc / 24.0));
    }
}
