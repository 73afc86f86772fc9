package dev.ferry.tests.oss;

import java.util.LinkedHashMap;
import java.util.Map;

/** Status, headers and body of a reply, built by the operations and written by the server. */
final class OssResponse {

  final int status;
  final Map<String, String> headers = new LinkedHashMap<>();
  /** Null or empty means no body. */
  final byte[] body;

  private OssResponse(int status, byte[] body) {
    this.status = status;
    this.body = body;
  }

  static OssResponse empty(int status) {
    return new OssResponse(status, null);
  }

  static OssResponse bytes(int status, byte[] body) {
    return new OssResponse(status, body);
  }

  static OssResponse xml(int status, Xml xml) {
    return new OssResponse(status, xml.toBytes()).header("Content-Type", "application/xml");
  }

  OssResponse header(String name, String value) {
    headers.put(name, value);
    return this;
  }
}
