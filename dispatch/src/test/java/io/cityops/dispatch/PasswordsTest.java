package io.cityops.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

class PasswordsTest {

    @Test
    void verifiesTheRightPasswordAndNoOther() {
        String h = Passwords.hash("s3cret-password", 1000);
        assertThat(Passwords.verify("s3cret-password", h)).isTrue();
        assertThat(Passwords.verify("s3cret-passwore", h)).isFalse();
        assertThat(Passwords.verify("", h)).isFalse();
    }

    @Test
    void storesSchemeIterationsAndSaltButNeverThePassword() {
        String h = Passwords.hash("s3cret-password", 1234);
        assertThat(h).startsWith("pbkdf2-sha256$1234$").doesNotContain("s3cret");
        assertThat(h.split("\\$")).hasSize(4);
    }

    @Test
    void saltsEveryHashDifferently() {
        assertThat(Passwords.hash("same", 1000)).isNotEqualTo(Passwords.hash("same", 1000));
    }

    @Test
    void refusesMalformedOrTamperedHashes() {
        String h = Passwords.hash("pw", 1000);
        String[] p = h.split("\\$");
        assertThat(Passwords.verify("pw", p[0] + "$999$" + p[2] + "$" + p[3])).isFalse();
        assertThat(Passwords.verify("pw", "pw")).isFalse();
        assertThat(Passwords.verify("pw", "pbkdf2-sha256$x$y$z")).isFalse();
        assertThat(Passwords.verify("pw", null)).isFalse();
    }

    @Test
    void usersFileRefusesAClearPassword(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("users.txt");
        Files.writeString(f, "anna dispatcher DRAINAGE 310101 hunter2\n");
        assertThatThrownBy(() -> Users.load(f))
                .hasMessageContaining("line 1")
                .hasMessageContaining("never a clear password");
    }

    @Test
    void generatedUsersSignInWithTheirPrintedPasswordsOnly(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("users.txt");
        Map<String, String> pw = Users.generate(f, 1000);
        assertThat(pw).containsOnlyKeys("viewer", "dispatcher", "supervisor");
        String text = Files.readString(f);
        pw.values().forEach(p -> assertThat(text).doesNotContain(p));
        assertThat(Files.getPosixFilePermissions(f))
                .containsExactlyInAnyOrder(
                        java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                        java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
        Users users = Users.load(f);
        assertThat(users.authenticate("dispatcher", pw.get("dispatcher")))
                .get()
                .extracting(User::role)
                .isEqualTo(Role.DISPATCHER);
        assertThat(users.authenticate("dispatcher", pw.get("viewer"))).isEmpty();
        assertThat(users.authenticate("nobody", "x")).isEmpty();
    }
}
