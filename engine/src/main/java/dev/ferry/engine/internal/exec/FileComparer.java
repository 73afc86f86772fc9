package dev.ferry.engine.internal.exec;

import dev.ferry.engine.DiffOutcome;

import dev.ferry.engine.Counter;
import dev.ferry.engine.internal.plan.DiffDecision;
import dev.ferry.engine.internal.spec.ResolvedJob;
import dev.ferry.engine.internal.store.Store;

/** Compares one path of a diff on an executor and counts it. Never writes. */
public final class FileComparer {
  private final ResolvedJob job;
  private final Store source;
  private final Store destination;
  private final CounterSink counters;

  private final org.apache.hadoop.conf.Configuration conf;

  public FileComparer(ResolvedJob job, org.apache.hadoop.conf.Configuration conf, Store source, Store destination,
                      CounterSink counters) {
    this.job = job;
    this.conf = conf;
    this.source = source;
    this.destination = destination;
    this.counters = counters;
  }

  public DiffOutcome process(DiffItem item) {
    String rel = item.path();
    long srcLen = item.sourceLength();
    long dstLen = item.destinationLength();
    DiffDecision decision = item.decision();
    // a file --codec encodes or decodes: the note holds its source name, the contents are compared decoded
    dev.ferry.engine.internal.spec.Codecs codecs = job.options().codecs();
    String etag = dev.ferry.engine.internal.plan.ListedEntry.etag(item.note());
    boolean transformed = codecs != null && item.note() != null && etag == null
        && (decision == DiffDecision.COMPARE || decision == DiffDecision.SAME_LENGTH || decision == DiffDecision.DST_MISS);
    String srcPath = job.sourcePath(transformed ? item.note() : rel);
    String dstPath = job.destinationPath(rel);
    switch (decision) {
      case DST_ONLY:
        return new DiffOutcome(rel, DiffOutcome.DST_ONLY, -1, dstLen, null, null, null);
      case DST_ONLY_DIR:
        return new DiffOutcome(rel, DiffOutcome.DST_ONLY_DIR, -1, -1, null, null, null);
      case DST_MISS:
        different(Counter.DST_MISS);
        return new DiffOutcome(rel, DiffOutcome.DST_MISS, srcLen, -1, null, null, null);
      case LENGTH_DIFF:
        different(Counter.LENGTH_DIFF);
        return new DiffOutcome(rel, DiffOutcome.LENGTH_DIFF, srcLen, dstLen, null, null, null);
      case SPECIAL:
        return new DiffOutcome(rel, DiffOutcome.SKIPPED, -1, -1, null, null, item.note());
      case UNLISTABLE:
        counters.increment(Counter.DIFF_FAILED);
        return new DiffOutcome(rel, DiffOutcome.DIFF_FAILED, -1, -1, null, null, item.note());
      case UNREADABLE:
        counters.increment(Counter.DIFF_FAILED);
        return new DiffOutcome(rel, DiffOutcome.DIFF_FAILED, srcLen, -1, null, null,
            "its directory at the destination could not be listed");
      case SAME_LENGTH:
        counters.increment(Counter.SAME_FILES);
        return new DiffOutcome(rel, DiffOutcome.SAME, srcLen, dstLen, null, null, null);
      default:
        break;
    }
    ChecksumComparison.Comparison c = transformed
        ? ChecksumComparison.compareDecoded(source, srcPath, codecs.sourceCodec(Store.name(srcPath), conf), destination,
            dstPath, codecs.destinationCodec(Store.name(dstPath), conf))
        : ChecksumComparison.compare(source, srcPath, destination, dstPath, srcLen, etag);
    switch (c.result()) {
      case MATCH:
        counters.increment(Counter.SAME_FILES);
        return new DiffOutcome(rel, DiffOutcome.SAME, srcLen, dstLen, c.sourceChecksum(), c.destinationChecksum(), null);
      case MISMATCH:
        different(Counter.CHECKSUM_DIFF);
        return new DiffOutcome(rel, DiffOutcome.CHECKSUM_DIFF, srcLen, dstLen, c.sourceChecksum(),
            c.destinationChecksum(), null);
      default:
        counters.increment(Counter.DIFF_FAILED);
        return new DiffOutcome(rel, DiffOutcome.DIFF_FAILED, srcLen, dstLen, null, null, c.reason());
    }
  }

  private void different(Counter kind) {
    counters.increment(kind);
    counters.increment(Counter.DIFF_FILES);
  }
}
