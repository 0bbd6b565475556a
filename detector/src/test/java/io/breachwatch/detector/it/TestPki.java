package io.breachwatch.detector.it;

import io.breachwatch.detector.local.SecureListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway certificate authority and broker certificates, made with the JDK's {@code keytool} (no extra
 * dependency): a CA, a PKCS12 truststore holding it, and per listener a PKCS12 keystore with a key and a
 * certificate signed by the CA for the given subject alternative names. Store passwords reach keytool through its
 * environment ({@code -storepass:env}), never its command line. Certificates are valid for two days.
 */
final class TestPki {
    private static final String PASSWORD_VARIABLE = "BW_TEST_STOREPASS";

    private final Path dir;
    private final String password;

    private TestPki(Path dir, String password) {
        this.dir = dir;
        this.password = password;
    }

    /** Creates the CA and the truststore in {@code dir}. */
    static TestPki create(Path dir) throws IOException, InterruptedException {
        byte[] random = new byte[12];
        new SecureRandom().nextBytes(random);
        TestPki pki = new TestPki(dir, "ts-" + HexFormat.of().formatHex(random));
        pki.keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=breachwatch test CA", "-ext", "bc:c", "-validity", "2",
                "-keystore", pki.path("ca.p12"), "-storetype", "PKCS12");
        pki.keytool("-exportcert", "-alias", "ca", "-keystore", pki.path("ca.p12"), "-rfc",
                "-file", pki.path("ca.pem"));
        pki.keytool("-importcert", "-alias", "ca", "-file", pki.path("ca.pem"), "-noprompt",
                "-keystore", pki.path("truststore.p12"), "-storetype", "PKCS12");
        return pki;
    }

    /** The truststore clients use: it holds the CA certificate only. */
    Path truststore() {
        return dir.resolve("truststore.p12");
    }

    /** The password of every store made here (truststore and keystores). */
    String password() {
        return password;
    }

    /**
     * A broker keystore for listener {@code name}, its certificate signed by the CA for {@code subjectAltNames}
     * (keytool syntax: {@code IP:127.0.0.1}, {@code DNS:localhost}).
     */
    SecureListener listener(String name, String... subjectAltNames) throws IOException, InterruptedException {
        String keystore = path(name + ".p12");
        String csr = path(name + ".csr");
        String certificate = path(name + ".pem");
        keytool("-genkeypair", "-alias", "broker", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=breachwatch test broker " + name, "-validity", "2",
                "-keystore", keystore, "-storetype", "PKCS12");
        keytool("-certreq", "-alias", "broker", "-keystore", keystore, "-file", csr);
        keytool("-gencert", "-alias", "ca", "-keystore", path("ca.p12"), "-infile", csr, "-outfile", certificate,
                "-rfc", "-validity", "2", "-ext", "SAN=" + String.join(",", subjectAltNames),
                "-ext", "KU=digitalSignature", "-ext", "EKU=serverAuth");
        keytool("-importcert", "-alias", "ca", "-file", path("ca.pem"), "-noprompt", "-keystore", keystore);
        keytool("-importcert", "-alias", "broker", "-file", certificate, "-keystore", keystore);
        return new SecureListener(name, dir.resolve(name + ".p12"), password);
    }

    private String path(String file) {
        return dir.resolve(file).toAbsolutePath().toString();
    }

    private void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        command.addAll(List.of("-storepass:env", PASSWORD_VARIABLE));
        Path log = Files.createTempFile(dir, "keytool", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put(PASSWORD_VARIABLE, password);
        Process process = builder.start();
        process.getOutputStream().close();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("keytool " + args[0] + " did not finish in 30 s");
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException("keytool " + String.join(" ", args) + " failed: " + Files.readString(log));
        }
    }
}
