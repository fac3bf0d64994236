package io.cityops.bench;

import org.apache.flink.runtime.util.EnvironmentInformation;
import org.apache.kafka.common.utils.AppInfoParser;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The machine a run measured, as the report names it. */
record Machine(
        int cpus,
        String cpuModel,
        long memoryBytes,
        long maxHeapBytes,
        String java,
        String flink,
        String kafka,
        String os) {

    static Machine here() {
        return new Machine(
                Runtime.getRuntime().availableProcessors(),
                readCpuModel(),
                Meter.totalMemory(),
                Runtime.getRuntime().maxMemory(),
                System.getProperty("java.vm.name")
                        + " "
                        + System.getProperty("java.runtime.version"),
                EnvironmentInformation.getVersion(),
                AppInfoParser.getVersion(),
                System.getProperty("os.name")
                        + " "
                        + System.getProperty("os.version")
                        + " "
                        + System.getProperty("os.arch"));
    }

    private static String readCpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: leave it out
        }
        return "unknown";
    }
}
