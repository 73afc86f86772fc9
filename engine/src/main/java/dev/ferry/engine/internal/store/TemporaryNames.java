package dev.ferry.engine.internal.store;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The names Ferry writes beside its targets before they are complete, and how to recognise them
 * later, whichever job left them: a killed run's temporaries are removed by the next copy or
 * update into the same place and are never reported as destination files by a diff.
 *
 * <ul>
 *   <li>a whole file: {@code .ferry-<jobId>.t<task attempt>.<n>.tmp} beside its target;</li>
 *   <li>a file assembled from parts: {@code _ferry-<jobId>/p<n>.tmp} in a folder beside its target.
 *       On HDFS, Hadoop's multipart uploader keeps the parts in a folder named after the target's
 *       folder and name: {@code _ferry-<jobId>p<n>_multipart_<uuid>}, also beside the target.</li>
 * </ul>
 * Job ids hold only letters, digits, '-' and '_', so these patterns cannot match a user's name
 * by accident unless it imitates them exactly.
 */
public final class TemporaryNames {
  private static final Pattern FILE = Pattern.compile("\\.ferry-[A-Za-z0-9_-]+\\.t\\d+\\.\\d+\\.tmp");
  /** The name earlier versions gave a file assembled from parts. */
  private static final Pattern OLD_PARTED = Pattern.compile("_ferry-[A-Za-z0-9_-]+\\.p\\d+\\.tmp");
  private static final Pattern PART_FOLDER = Pattern.compile("_ferry-[A-Za-z0-9_-]+");
  private static final Pattern IN_PART_FOLDER = Pattern.compile("p\\d+\\.tmp");
  private static final Pattern TRANSACTION = Pattern.compile("_ferry-[A-Za-z0-9_-]+\\.txn");
  private static final Pattern UPLOADER_FOLDER = Pattern.compile("_ferry-[A-Za-z0-9_-]+p\\d+_multipart_[0-9a-fA-F-]{8,}");
  /** Job ids are used in names; this is what they may hold. */
  public static final Pattern JOB_ID = Pattern.compile("[A-Za-z0-9_-]{1,100}");

  private TemporaryNames() {
  }

  /** The folder a transaction (--enableTransaction) stages its files in until it publishes them. */
  public static String transactionFolder(String jobId) {
    return "_ferry-" + jobId + ".txn";
  }

  /** The prefix of one task attempt's temporaries. */
  public static String filePrefix(String jobId, long taskAttemptId) {
    return ".ferry-" + jobId + ".t" + taskAttemptId + ".";
  }

  /** The folder (beside the targets) that files copied in parts are assembled in. */
  public static String partFolder(String jobId) {
    return "_ferry-" + jobId;
  }

  /** Where, relative to its target's folder, a file copied in parts is assembled. */
  public static String parted(String jobId, int index) {
    return partFolder(jobId) + "/p" + index + ".tmp";
  }

  /** True for a file name that only a Ferry job writes (a temporary of some job). */
  public static boolean isTemporaryFile(String name) {
    return (name.startsWith(".ferry-") && FILE.matcher(name).matches())
        || (name.startsWith("_ferry-") && OLD_PARTED.matcher(name).matches());
  }

  /**
   * True for a folder that some Ferry job left: the uploader's part folder, or a part folder
   * holding nothing but assembled temporaries ({@code children} is its listing, read only for
   * names that may be one).
   */
  public static boolean isTemporaryFolder(String name, ChildLister children) throws java.io.IOException {
    if (!name.startsWith("_ferry-")) return false;
    if (UPLOADER_FOLDER.matcher(name).matches() || TRANSACTION.matcher(name).matches()) return true;
    if (!PART_FOLDER.matcher(name).matches()) return false;
    List<StoreEntry> inside = children.list();
    return !inside.isEmpty()
        && inside.stream().allMatch(e -> !e.directory() && IN_PART_FOLDER.matcher(e.name()).matches());
  }

  /** True for a file assembled from parts in a part folder ({@code _ferry-<job>/p<n>.tmp}). */
  public static boolean isAssembledPart(String folderName, String fileName) {
    return PART_FOLDER.matcher(folderName).matches() && IN_PART_FOLDER.matcher(fileName).matches();
  }

  /** Lists a folder's children when asked. */
  public interface ChildLister {
    List<StoreEntry> list() throws java.io.IOException;
  }
}
