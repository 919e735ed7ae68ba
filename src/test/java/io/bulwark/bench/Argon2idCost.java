package io.bulwark.bench;

import io.bulwark.oauth.users.PasswordHasher;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;

/**
 * What one password check costs with the product's own Argon2id code and parameters ({@link PasswordHasher}: the
 * server's sign-in runs exactly this), timed in this process on one thread while the server is idle.
 */
final class Argon2idCost {

    private Argon2idCost() {
    }

    /**
     * One check's CPU in ms: the median on its own thread, and the mean of the whole process over the measured checks
     * (its thread plus the garbage collection of the 19 MiB each check allocates); and its median wall time.
     */
    record Cost(double threadCpuMillis, double processCpuMillis, double wallMillis) {
    }

    /** Times {@code checks} checks after {@code warmup} unmeasured ones. */
    static Cost measure(int warmup, int checks) {
        PasswordHasher hasher = new PasswordHasher();
        String password = "bench-argon2id-password";
        String hash = hasher.hash(password);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        for (int i = 0; i < warmup; i++) {
            check(hasher, password, hash);
        }
        double[] cpu = new double[checks];
        double[] wall = new double[checks];
        long processStart = os.getProcessCpuTime();
        for (int i = 0; i < checks; i++) {
            long cpuStart = threads.getCurrentThreadCpuTime();
            long wallStart = System.nanoTime();
            check(hasher, password, hash);
            wall[i] = (System.nanoTime() - wallStart) / 1e6;
            cpu[i] = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e6;
        }
        double process = (os.getProcessCpuTime() - processStart) / 1e6 / checks;
        Arrays.sort(cpu);
        Arrays.sort(wall);
        return new Cost(cpu[checks / 2], process, wall[checks / 2]);
    }

    private static void check(PasswordHasher hasher, String password, String hash) {
        if (!hasher.verify(password, hash)) {
            throw new IllegalStateException("Argon2id check of the right password failed");
        }
    }
}
