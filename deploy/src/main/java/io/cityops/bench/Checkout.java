package io.cityops.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Which code a run measured: the git commit of the working directory, whether it differs, and where
 * the monitor's classes came from when not from the launcher's build.
 */
final class Checkout {
    private Checkout() {}

    static String describe() {
        String where = "";
        try {
            String jobs =
                    io.cityops.job.CityOpsJob.class
                            .getProtectionDomain()
                            .getCodeSource()
                            .getLocation()
                            .getPath();
            if (!jobs.contains("target/dist/lib")) {
                where = "; flink-jobs classes from " + jobs;
            }
        } catch (RuntimeException e) {
            // no code source: say nothing about it
        }
        return workingTree() + where;
    }

    private static String workingTree() {
        List<String> head = git("rev-parse", "--short", "HEAD");
        if (head.isEmpty()) {
            return "not a git checkout";
        }
        List<String> changed = git("status", "--porcelain", "--untracked-files=no");
        List<String> untracked = git("status", "--porcelain");
        long added = untracked.size() - changed.size();
        return changed.isEmpty() && added == 0
                ? "commit " + head.get(0)
                : String.format(
                        "commit %s with %d changed and %d new files in the working tree",
                        head.get(0), changed.size(), added);
    }

    private static List<String> git(String... args) {
        try {
            String[] cmd = new String[args.length + 1];
            cmd[0] = "git";
            System.arraycopy(args, 0, cmd, 1, args.length);
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return List.of();
            }
            return out.lines().filter(l -> !l.isBlank()).toList();
        } catch (IOException e) {
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }
}
