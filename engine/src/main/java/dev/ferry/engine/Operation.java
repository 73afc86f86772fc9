package dev.ferry.engine;

/** What a job does with the two trees. */
public enum Operation {
  /** Copy every source file to the destination, replacing what is there. */
  COPY,
  /** Copy only files that are missing or differ at the destination. */
  UPDATE,
  /** Compare the trees; write nothing. */
  DIFF
}
