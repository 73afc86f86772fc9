package dev.ferry.balance;

import java.util.Map;

/**
 * Points the Router's mount entry at the target and makes it writable again, in one update:
 * clients move to the target without a moment in which writes could reach the old source.
 */
public class MountTableProcedure extends BalanceProcedure {
  private String router;
  private String mountPoint;
  private String nameservice;
  private String path;

  public MountTableProcedure() {
  }

  public MountTableProcedure(String name, String router, String mountPoint, String nameservice, String path) {
    super(name, null);
    this.router = router;
    this.mountPoint = mountPoint;
    this.nameservice = nameservice;
    this.path = path;
  }

  @Override
  public Result execute(BalanceContext c) throws Exception {
    MountTable.update(c.conf(), router, mountPoint, false, new MountTable.Destination(nameservice, path));
    c.say("balance: mount entry " + mountPoint + " -> " + nameservice + ":" + path + " (writable) on Router " + router);
    return done();
  }

  @Override
  public Map<String, Object> state() {
    Map<String, Object> m = super.state();
    m.put("router", router);
    m.put("mountPoint", mountPoint);
    m.put("nameservice", nameservice);
    m.put("path", path);
    return m;
  }

  @Override
  public void restore(Map<String, Object> s) {
    router = (String) s.get("router");
    mountPoint = (String) s.get("mountPoint");
    nameservice = (String) s.get("nameservice");
    path = (String) s.get("path");
  }
}
