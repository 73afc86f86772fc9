package dev.ferry.balance;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The copy settings of a balance job's rounds (fedbalance's --map, --bandwidth, --diffThreshold,
 * --delay, --forceCloseOpen), journaled with the procedure.
 */
public record SyncOptions(int map, double bandwidthMBps, long diffThreshold, long delayMillis, boolean forceCloseOpen) {

  Map<String, Object> toState() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("map", map);
    m.put("bandwidth", bandwidthMBps);
    m.put("diffThreshold", diffThreshold);
    m.put("delayMillis", delayMillis);
    m.put("forceCloseOpen", forceCloseOpen);
    return m;
  }

  static SyncOptions fromState(Map<String, Object> m) {
    return new SyncOptions(((Number) m.get("map")).intValue(), ((Number) m.get("bandwidth")).doubleValue(),
        ((Number) m.get("diffThreshold")).longValue(), ((Number) m.get("delayMillis")).longValue(),
        (Boolean) m.get("forceCloseOpen"));
  }
}
