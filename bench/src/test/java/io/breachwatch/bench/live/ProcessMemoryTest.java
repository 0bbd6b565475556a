package io.breachwatch.bench.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ProcessMemoryTest {
    private static final String STATUS = String.join("\n",
            "Name:\tjava",
            "VmPeak:\t 9165252 kB",
            "VmHWM:\t 1464268 kB",
            "VmRSS:\t 1335900 kB",
            "Threads:\t57",
            "");

    @Test
    void readsKilobyteFieldsOfProcStatusAsBytes() {
        assertThat(ProcessMemory.parseStatusField(STATUS, "VmHWM")).hasValue(1464268L * 1024);
        assertThat(ProcessMemory.parseStatusField(STATUS, "VmRSS")).hasValue(1335900L * 1024);
    }

    @Test
    void aMissingFieldOrOneWithoutAKilobyteUnitIsEmpty() {
        assertThat(ProcessMemory.parseStatusField(STATUS, "VmSwap")).isEqualTo(OptionalLong.empty());
        assertThat(ProcessMemory.parseStatusField(STATUS, "Threads")).isEqualTo(OptionalLong.empty());
        // "VmHWM" must not match a field that merely starts with it.
        assertThat(ProcessMemory.parseStatusField("VmHWMX:\t 5 kB\n", "VmHWM")).isEqualTo(OptionalLong.empty());
    }
}
