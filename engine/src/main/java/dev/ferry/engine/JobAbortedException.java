package dev.ferry.engine;

/**
 * A job that started and could not finish because of an unexpected error. The message says what
 * state the destination is left in.
 */
public class JobAbortedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public JobAbortedException(String message, Throwable cause) {
    super(message, cause);
  }
}
