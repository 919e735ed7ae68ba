package io.bulwark.demo;

/** The ports the demo listens on; all must be fixed (non-zero), since the issuer URL names its port. */
public record DemoPorts(int authorizationServer, int gateway, int bank) {

    /** The ports of the documented contract: 8443, 9443, and 8444 for the bank. */
    public static final DemoPorts DEFAULT = new DemoPorts(8443, 9443, 8444);

    public DemoPorts {
        for (int port : new int[] {authorizationServer, gateway, bank}) {
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("demo ports must be 1..65535, got " + port);
            }
        }
    }
}
