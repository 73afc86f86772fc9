package dev.ferry.tests.oss;

/**
 * An inclusive byte range from a {@code Range: bytes=...} header.
 *
 * <p>OSS by default ignores a range it cannot satisfy and returns the whole object with
 * 200; only with {@code x-oss-range-behavior: standard} does it answer 416. Multi-range
 * requests are not supported by OSS either and also yield the whole object.
 */
record ByteRange(long first, long last) {

  /** Null means "send the whole object". */
  static ByteRange parse(String header, long size, boolean strict) {
    if (header == null) {
      return null;
    }
    ByteRange range = tryParse(header.trim(), size);
    if (range == null && strict) {
      throw new OssError(416, "InvalidRange", "The requested range is not satisfiable.")
          .with("RangeRequested", header);
    }
    return range;
  }

  private static ByteRange tryParse(String header, long size) {
    if (!header.startsWith("bytes=") || header.contains(",")) {
      return null;
    }
    String spec = header.substring("bytes=".length());
    int dash = spec.indexOf('-');
    if (dash < 0) {
      return null;
    }
    try {
      String from = spec.substring(0, dash).trim();
      String to = spec.substring(dash + 1).trim();
      if (from.isEmpty()) {
        long suffix = Long.parseLong(to);
        return suffix <= 0 || size == 0 ? null : new ByteRange(Math.max(0, size - suffix), size - 1);
      }
      long first = Long.parseLong(from);
      long last = to.isEmpty() ? size - 1 : Math.min(Long.parseLong(to), size - 1);
      return first < size && first <= last ? new ByteRange(first, last) : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  String contentRange(long size) {
    return "bytes " + first + "-" + last + "/" + size;
  }
}
