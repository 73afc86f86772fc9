package dev.ferry.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.engine.internal.plan.ListingFilter;
import dev.ferry.engine.internal.plan.TreeLister;
import dev.ferry.engine.internal.store.LocalStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Walks of many starting folders, as an executor lists its share of a large tree. */
class TreeListerTest {
  @TempDir
  Path tmp;

  @Test
  void everyStartIsListedEvenWhenTheFirstFinishesBeforeTheNextIsHandedOut() throws Exception {
    List<String> starts = new ArrayList<>();
    for (int d = 0; d < 3; d++) {
      String name = "d" + d;
      Files.createDirectories(tmp.resolve(name));
      Files.write(tmp.resolve(name).resolve("f"), new byte[] {1});
      starts.add(name);
    }
    ListingFilter filter = new ListingFilter("file://" + tmp, List.of(), List.of());
    // a new pool's first thread often finishes a one-file folder before the caller hands out the
    // next: repeated, a walk that ends when its first folder is done loses folders
    for (int round = 0; round < 2000; round++) {
      TreeLister.Walked w = TreeLister.list(new LocalStore(), tmp.toString(), starts, filter, 4, false, Long.MAX_VALUE);
      assertThat(w.entries()).as("round " + round).hasSize(3);
      assertThat(w.complete()).isTrue();
    }
  }
}
