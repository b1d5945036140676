package dev.nyt.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time spent over an interval: by this JVM (broker, services and load generator) and by the whole machine
 * (this JVM plus PostgreSQL and anything else), from the JVM's process CPU time and Linux's {@code /proc/stat}.
 * Divided by the work done it gives the CPU cost of one unit — and so the rate two cores could reach at most,
 * whatever the pipeline's parallelism.
 */
final class CpuMeter {

    private static final Path PROC_STAT = Path.of("/proc/stat");
    private static final double NANOS_PER_TICK = 1e9 / 100; // USER_HZ is 100 on Linux

    private final long jvmStart;
    private final long machineStart;

    private CpuMeter(long jvmStart, long machineStart) {
        this.jvmStart = jvmStart;
        this.machineStart = machineStart;
    }

    static CpuMeter start() {
        return new CpuMeter(jvmCpuNanos(), machineBusyNanos());
    }

    /** CPU nanoseconds since {@link #start()}: {@code [jvm, machine]}; machine is -1 where /proc/stat is missing. */
    long[] stop() {
        long machine = machineBusyNanos();
        return new long[] {jvmCpuNanos() - jvmStart, machine < 0 || machineStart < 0 ? -1 : machine - machineStart};
    }

    private static long jvmCpuNanos() {
        return ManagementFactory.getPlatformMXBean(com.sun.management.OperatingSystemMXBean.class).getProcessCpuTime();
    }

    /** Busy time of all CPUs: the first line of /proc/stat without idle and iowait. */
    private static long machineBusyNanos() {
        try {
            String[] f = Files.readAllLines(PROC_STAT).getFirst().trim().split("\\s+");
            long busy = 0;
            for (int i = 1; i < Math.min(f.length, 9); i++) { // user nice system idle iowait irq softirq steal
                if (i != 4 && i != 5) {
                    busy += Long.parseLong(f[i]);
                }
            }
            return (long) (busy * NANOS_PER_TICK);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
