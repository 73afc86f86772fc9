package dev.ferry.alerting;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Where alarms go, from JindoDistCp's environment variables (cmsAccessKeyId, cmsAccessSecret,
 * cmsRegion, cmsToken, cmsLevel; plus cmsNotifyUrl, cmsEndpoint and alertDingTalkSecret) and the
 * flags that override them. {@link #sinks()} checks everything before a job starts.
 */
public final class AlertSettings {
  public static final String ACCESS_KEY_ID = "cmsAccessKeyId";
  public static final String ACCESS_SECRET = "cmsAccessSecret";
  public static final String REGION = "cmsRegion";
  public static final String TOKEN = "cmsToken";
  public static final String LEVEL = "cmsLevel";
  public static final String NOTIFY_URL = "cmsNotifyUrl";
  public static final String ENDPOINT = "cmsEndpoint";
  public static final String DINGTALK_SECRET = "alertDingTalkSecret";
  private static final Set<String> LEVELS = Set.of("INFO", "WARN", "CRITICAL");

  private final boolean enableCms;
  private final Map<String, String> env;
  private final String notifyUrlFlag;
  private final String endpointFlag;
  private final List<String> webhooks;
  private final String dingTalkUrl;
  private RetryPolicy policy = RetryPolicy.DEFAULT;

  /**
   * @param notifyUrlFlag {@code --cmsNotifyUrl}, or null for the environment's
   * @param endpointFlag {@code --cmsEndpoint}, or null for the environment's
   */
  public AlertSettings(boolean enableCms, Map<String, String> env, String notifyUrlFlag, String endpointFlag,
                       List<String> webhooks, String dingTalkUrl) {
    this.enableCms = enableCms;
    this.env = Map.copyOf(env);
    this.notifyUrlFlag = notifyUrlFlag;
    this.endpointFlag = endpointFlag;
    this.webhooks = List.copyOf(webhooks);
    this.dingTalkUrl = dingTalkUrl;
  }

  public AlertSettings withRetryPolicy(RetryPolicy p) {
    this.policy = p;
    return this;
  }

  private String env(String key) {
    String v = env.get(key);
    return v == null || v.isBlank() ? null : v.strip();
  }

  /** Every secret value these settings hold, for redaction. */
  public Redactor redactor() {
    List<String> secrets = new ArrayList<>(List.of());
    for (String k : List.of(ACCESS_SECRET, TOKEN, DINGTALK_SECRET, ACCESS_KEY_ID)) {
      if (env(k) != null) secrets.add(env(k));
    }
    secrets.addAll(webhooks);
    if (dingTalkUrl != null) secrets.add(dingTalkUrl);
    return new Redactor(secrets.toArray(String[]::new));
  }

  /**
   * The configured sinks, in the order they run.
   *
   * @throws IllegalArgumentException a one-line message naming the setting and the fix
   */
  public List<AlarmSink> sinks() {
    Redactor redactor = redactor();
    List<AlarmSink> sinks = new ArrayList<>();
    if (enableCms) {
      String token = env(TOKEN);
      if (token == null) {
        throw new IllegalArgumentException("Cannot use --enableCMS: " + TOKEN + " is not set; export " + TOKEN
            + "=<the token of the alarm contact group's external-alarm address>");
      }
      String level = env(LEVEL) == null ? "WARN" : env(LEVEL).toUpperCase(Locale.ROOT);
      if (!LEVELS.contains(level)) {
        throw new IllegalArgumentException("Cannot use --enableCMS: " + LEVEL + "=" + env(LEVEL)
            + " is not INFO, WARN or CRITICAL; set one of them or unset it for WARN");
      }
      String region = env(REGION);
      String notify = notifyUrlFlag != null ? notifyUrlFlag : env(NOTIFY_URL);
      URI base;
      if (notify != null) {
        base = url(notifyUrlFlag != null ? "--cmsNotifyUrl" : NOTIFY_URL, notify);
      } else if (region != null) {
        base = CmsNotifySink.defaultAddress(region);
      } else {
        throw new IllegalArgumentException("Cannot use --enableCMS: " + REGION + " is not set; export " + REGION
            + "=<region of the alarm contact group, e.g. cn-hangzhou> or set " + NOTIFY_URL);
      }
      sinks.add(new CmsNotifySink(base, token, level, policy, redactor));

      String ak = env(ACCESS_KEY_ID);
      String secret = env(ACCESS_SECRET);
      if ((ak == null) != (secret == null)) {
        throw new IllegalArgumentException("Cannot use --enableCMS: " + (ak == null ? ACCESS_KEY_ID : ACCESS_SECRET)
            + " is not set but " + (ak == null ? ACCESS_SECRET : ACCESS_KEY_ID) + " is; set both for CMS events, or neither");
      }
      if (ak != null) {
        if (region == null) {
          throw new IllegalArgumentException("Cannot use --enableCMS with " + ACCESS_KEY_ID + ": " + REGION
              + " is not set; export " + REGION + "=<region, e.g. cn-hangzhou>");
        }
        String ep = endpointFlag != null ? endpointFlag : env(ENDPOINT);
        URI endpoint = ep == null ? null : url(endpointFlag != null ? "--cmsEndpoint" : ENDPOINT, ep);
        sinks.add(new CmsEventSink(region, ak, secret, endpoint, policy, redactor));
      }
    }
    for (String w : webhooks) {
      sinks.add(new WebhookSink(url("--alertWebhook", w), policy, redactor));
    }
    if (dingTalkUrl != null) {
      sinks.add(new DingTalkSink(url("--alertDingTalk", dingTalkUrl), env(DINGTALK_SECRET), policy, redactor));
    }
    return sinks;
  }

  private static URI url(String name, String value) {
    try {
      URI u = new URI(value);
      if (u.getScheme() == null || !(u.getScheme().equals("http") || u.getScheme().equals("https"))
          || u.getHost() == null) {
        throw new URISyntaxException(value, "needs http:// or https:// and a host");
      }
      return u;
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("Cannot use " + name + ": it is not an http(s) URL with a host; "
          + "give one such as http://127.0.0.1:8080");
    }
  }
}
