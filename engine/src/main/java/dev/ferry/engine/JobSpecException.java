package dev.ferry.engine;

/**
 * Bad usage or input, found before anything was written. The message is one line of the form
 * "Cannot &lt;do X&gt;: &lt;reason&gt;; &lt;how to fix&gt;" and names the flag or path at fault.
 */
public class JobSpecException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public JobSpecException(String message) {
    super(message);
  }
}
