package dev.ferry.engine.internal.exec;

import dev.ferry.engine.internal.store.Store;
import dev.ferry.engine.internal.store.StoreEntry;
import dev.ferry.engine.internal.store.TemporaryNames;
import java.io.IOException;

/** Removes Ferry's temporaries (of any job) from a folder that receives copies. */
public final class Sweep {
  private Sweep() {
  }

  public static void folder(Store store, String dir) throws IOException {
    StoreEntry e = store.stat(dir);
    if (e == null || !e.directory()) return;
    for (StoreEntry child : store.list(dir)) {
      String path = Store.join(dir, child.name());
      if (!child.directory() && TemporaryNames.isTemporaryFile(child.name())) {
        store.delete(path);
      } else if (child.directory() && TemporaryNames.isTemporaryFolder(child.name(), () -> store.list(path))) {
        store.deleteRecursively(path);
      }
    }
  }
}
