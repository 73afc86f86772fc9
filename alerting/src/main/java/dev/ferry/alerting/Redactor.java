package dev.ferry.alerting;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Removes secrets from text before it reaches a log, an exception shown to a user or a file: the
 * configured secret values themselves, and the signed parts of URLs (Alibaba Cloud's SDK puts the
 * signed request URL in its error messages).
 */
public final class Redactor {
  private static final Pattern SIGNED = Pattern.compile(
      "(?i)((?:Signature|AccessKeyId|SecurityToken|token|sign|access_token|timestamp)=)[^&\\s\"']+");
  private final List<String> secrets = new ArrayList<>();

  public Redactor(String... secretValues) {
    for (String s : secretValues) {
      if (s != null && !s.isEmpty()) secrets.add(s);
    }
    secrets.sort((a, b) -> b.length() - a.length());
  }

  public String redact(String text) {
    if (text == null) return null;
    String out = text;
    for (String s : secrets) {
      out = out.replace(s, "***");
      String encoded = java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
      if (!encoded.equals(s)) out = out.replace(encoded, "***");
    }
    return SIGNED.matcher(out).replaceAll("$1***");
  }
}
