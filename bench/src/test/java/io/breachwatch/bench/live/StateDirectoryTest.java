package io.breachwatch.bench.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateDirectoryTest {

    @Test
    void sizesAreSummedPerStoreForKeyValueAndSegmentedWindowStores(@TempDir Path state) throws IOException {
        write(state.resolve("app/0_1/rocksdb/auth-by-user-state/000012.sst"), 300);
        write(state.resolve("app/1_1/rocksdb/auth-by-user-state/000013.sst"), 200);
        write(state.resolve("app/3_0/auth-counts-per-minute/auth-counts-per-minute.1764000000000/000009.sst"), 50);
        write(state.resolve("app/0_1/.checkpoint"), 7);

        Map<String, Long> sizes = StateDirectory.bytesByStore(state);

        assertThat(sizes).containsExactlyInAnyOrderEntriesOf(Map.of("auth-by-user-state", 500L,
                "auth-counts-per-minute", 50L, "(other)", 7L));
        assertThat(StateDirectory.total(sizes)).isEqualTo(557L);

        StateDirectory.delete(state.resolve("app"));
        assertThat(state.resolve("app")).doesNotExist();
    }

    @Test
    void aMissingDirectoryHasNoStores(@TempDir Path state) {
        assertThat(StateDirectory.bytesByStore(state.resolve("never-created"))).isEmpty();
    }

    private static void write(Path file, int bytes) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, new byte[bytes]);
    }
}
