package io.cityops.dispatch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The users file: one person a line, whitespace-separated, {@code #} starts a comment:
 *
 * <pre>
 * # username      role        department  districts       password hash
 * dispatcher-07   dispatcher  DRAINAGE    310101,310104   pbkdf2-sha256$600000$...$...
 * </pre>
 *
 * Passwords are never in it, only {@link Passwords} hashes: a line whose last field is not one is
 * refused, naming the line.
 */
public final class Users {
    private final Map<String, User> byName;

    private Users(Map<String, User> byName) {
        this.byName = byName;
    }

    public static Users of(List<User> users) {
        Map<String, User> m = new LinkedHashMap<>();
        for (User u : users) {
            if (m.put(u.username(), u) != null) {
                throw new IllegalArgumentException("user '" + u.username() + "' appears twice");
            }
        }
        return new Users(m);
    }

    public static Users load(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(
                    "users file "
                            + file
                            + " does not exist; create one with `cityops console --users FILE"
                            + " --generate-users`");
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<User> users = new java.util.ArrayList<>();
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            try {
                users.add(parse(line));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        file + " line " + (n + 1) + ": " + e.getMessage());
            }
        }
        if (users.isEmpty()) {
            throw new IllegalArgumentException(file + " lists no user");
        }
        return of(users);
    }

    static User parse(String line) {
        String[] f = line.split("\\s+");
        if (f.length != 5) {
            throw new IllegalArgumentException(
                    "expected 5 fields (username role department districts hash), got " + f.length);
        }
        if (!Passwords.looksHashed(f[4])) {
            throw new IllegalArgumentException(
                    "the last field must be a pbkdf2-sha256 hash, never a clear password");
        }
        Set<String> districts = new LinkedHashSet<>(List.of(f[3].split(",")));
        return new User(f[0], Role.parse(f[1]), f[2], Set.copyOf(districts), f[4]);
    }

    public Optional<User> get(String username) {
        return Optional.ofNullable(byName.get(username));
    }

    /** The user whose password this is, or empty; as slow for an unknown name as a known one. */
    public Optional<User> authenticate(String username, String password) {
        User u = byName.get(username);
        if (u == null) {
            Passwords.burn(password);
            return Optional.empty();
        }
        return Passwords.verify(password, u.hash()) ? Optional.of(u) : Optional.empty();
    }

    /**
     * Writes a users file with a viewer, a dispatcher and a supervisor, all of the whole city, each
     * with a random password; returns username → password so the caller can print them once.
     * Replaces an existing file. The file is readable by its owner only.
     */
    public static Map<String, String> generate(Path file, int iterations) throws IOException {
        Map<String, String> passwords = new LinkedHashMap<>();
        StringBuilder b = new StringBuilder();
        b.append("# username  role  department  districts  password hash (PBKDF2-SHA256)\n");
        for (Role r : Role.values()) {
            String name = r.label();
            String password = Passwords.generate();
            passwords.put(name, password);
            b.append(name)
                    .append(' ')
                    .append(name)
                    .append(" * * ")
                    .append(Passwords.hash(password, iterations))
                    .append('\n');
        }
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Files.writeString(file, b.toString(), StandardCharsets.UTF_8);
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the file keeps the default permissions
        }
        return passwords;
    }
}
