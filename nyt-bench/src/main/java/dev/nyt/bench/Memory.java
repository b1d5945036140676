package dev.nyt.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Peak heap and RSS of this JVM per phase (figure): heap used sampled every 50 ms, the heap pools' peak usage,
 * and the kernel's VmHWM (reset at each phase start through {@code /proc/self/clear_refs}).
 */
final class Memory implements AutoCloseable {

    record Peak(String phase, long heapUsedSampledPeak, long heapAfterGcPeak, long heapPoolPeaksSum, long vmHwm,
                boolean vmHwmReset) {
    }

    private final AtomicLong peak = new AtomicLong();
    private final AtomicLong afterGcPeak = new AtomicLong();
    private final Map<String, Peak> peaks = new LinkedHashMap<>();
    private final Thread sampler;
    private volatile boolean running = true;

    Memory() {
        sampler = Thread.ofPlatform().name("bench-heap-sampler").daemon().start(() -> {
            var bean = ManagementFactory.getMemoryMXBean();
            while (running) {
                peak.accumulateAndGet(bean.getHeapMemoryUsage().getUsed(), Math::max);
                afterGcPeak.accumulateAndGet(afterLastGc(), Math::max);
                Bench.pause(50);
            }
        });
    }

    /** Heap still used right after the latest collection of each pool: the live set plus what G1 kept. */
    private static long afterLastGc() {
        return ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(pool -> pool.getType() == MemoryType.HEAP && pool.getCollectionUsage() != null)
                .mapToLong(pool -> pool.getCollectionUsage().getUsed()).sum();
    }

    /** Starts a phase: forgets the previous peaks. */
    boolean begin() {
        peak.set(0);
        afterGcPeak.set(afterLastGc());
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
        try {
            Files.writeString(Path.of("/proc/self/clear_refs"), "5");
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    Peak end(String phase, boolean hwmReset) {
        long pools = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(pool -> pool.getType() == MemoryType.HEAP)
                .mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();
        Peak result = new Peak(phase, peak.get(), Math.max(afterGcPeak.get(), afterLastGc()), pools, status("VmHWM"), hwmReset);
        peaks.put(phase, result);
        return result;
    }

    Map<String, Peak> peaks() {
        return peaks;
    }

    static long maxHeap() {
        return Runtime.getRuntime().maxMemory();
    }

    /** A /proc/self/status value in bytes, or -1. */
    static long status(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    @Override
    public void close() {
        running = false;
    }
}
