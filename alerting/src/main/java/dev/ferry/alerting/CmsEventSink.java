package dev.ferry.alerting;

import com.aliyuncs.DefaultAcsClient;
import com.aliyuncs.cms.model.v20190101.PutCustomEventRequest;
import com.aliyuncs.cms.model.v20190101.PutCustomEventResponse;
import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.exceptions.ErrorType;
import com.aliyuncs.exceptions.ServerException;
import com.aliyuncs.http.ProtocolType;
import com.aliyuncs.profile.DefaultProfile;
import java.net.URI;
import java.util.List;

/**
 * A custom event in Alibaba Cloud Monitor's event monitoring ({@code PutCustomEvent} through
 * aliyun-java-sdk-cms), so the alarm also shows there. The response's Code is checked, not only
 * the HTTP status. The SDK's error messages hold the signed request URL: they are redacted.
 */
public final class CmsEventSink implements AlarmSink {
  private final String region;
  private final String accessKeyId;
  private final String accessSecret;
  private final URI endpoint;
  private final RetryPolicy policy;
  private final Redactor redactor;

  CmsEventSink(String region, String accessKeyId, String accessSecret, URI endpoint, RetryPolicy policy,
               Redactor redactor) {
    this.region = region;
    this.accessKeyId = accessKeyId;
    this.accessSecret = accessSecret;
    this.endpoint = endpoint;
    this.policy = policy;
    this.redactor = redactor;
  }

  @Override
  public String name() {
    return "cms-event";
  }

  PutCustomEventRequest request(AlarmContent alarm) {
    PutCustomEventRequest request = new PutCustomEventRequest();
    PutCustomEventRequest.EventInfo event = new PutCustomEventRequest.EventInfo();
    event.setEventName("ferry_" + alarm.operation().toLowerCase() + "_alarm");
    event.setContent(alarm.json());
    event.setGroupId("0");
    event.setTime(Long.toString(System.currentTimeMillis()));
    request.setEventInfos(List.of(event));
    if (endpoint != null) {
      request.setSysProtocol("http".equalsIgnoreCase(endpoint.getScheme()) ? ProtocolType.HTTP : ProtocolType.HTTPS);
      request.setSysEndpoint(endpoint.getAuthority());
    } else {
      request.setSysProtocol(ProtocolType.HTTPS);
    }
    return request;
  }

  @Override
  public int send(AlarmContent alarm) throws AlarmException {
    DefaultProfile profile = DefaultProfile.getProfile(region, accessKeyId, accessSecret);
    profile.getHttpClientConfig().setConnectionTimeoutMillis(5000);
    profile.getHttpClientConfig().setReadTimeoutMillis(10000);
    DefaultAcsClient client = new DefaultAcsClient(profile);
    client.setAutoRetry(false); // retries are ours: bounded, and only for transient failures
    try {
      return policy.run((n, left) -> {
        try {
          PutCustomEventResponse r = client.getAcsResponse(request(alarm));
          if ("200".equals(r.getCode())) return RetryPolicy.Attempt.DONE;
          return RetryPolicy.Attempt.fail("PutCustomEvent answered Code " + r.getCode() + " " + r.getMessage());
        } catch (ServerException e) {
          String failure = "PutCustomEvent failed: " + e.getErrCode() + " " + e.getErrMsg();
          return transientServer(e) ? RetryPolicy.Attempt.retry(failure) : RetryPolicy.Attempt.fail(failure);
        } catch (ClientException e) {
          String failure = "PutCustomEvent failed: " + e.getErrCode() + " " + e.getErrMsg();
          return transientClient(e) ? RetryPolicy.Attempt.retry(failure) : RetryPolicy.Attempt.fail(failure);
        } catch (RuntimeException e) {
          return RetryPolicy.Attempt.fail("PutCustomEvent failed: " + e);
        }
      }, redactor);
    } finally {
      client.shutdown();
    }
  }

  static boolean transientServer(ServerException e) {
    String code = String.valueOf(e.getErrCode());
    return e.getErrorType() == ErrorType.Throttling || code.startsWith("Throttling") || code.contains("ServiceUnavailable")
        || code.contains("InternalError") || code.startsWith("5");
  }

  static boolean transientClient(ClientException e) {
    String code = String.valueOf(e.getErrCode());
    return code.equals("SDK.ServerUnreachable") || code.equals("SDK.HttpError") || code.contains("Timeout")
        || e.getErrorType() == ErrorType.Throttling;
  }
}
